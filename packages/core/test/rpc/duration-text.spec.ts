import { durationTextToMs } from '../../src';

describe('durationTextToMs, the one duration grammar', () => {
  it.each([
    ['1d2h30m', 95_400_000],
    ['45s', 45_000],
    ['1D', 86_400_000],
    ['1500ms', 1500],
    ['1.5s', 1500],
    ['1d 2h', 93_600_000],
    [' 250ms ', 250],
    ['0s', 0],
  ])('reads %j as %d ms', (text, ms) => {
    expect(durationTextToMs(text)).toBe(ms);
  });

  it.each(['', '5', '5x3m', '1.s', '-1s', 's', '1 d'])('refuses %j', text => {
    expect(durationTextToMs(text)).toBeUndefined();
  });
});
