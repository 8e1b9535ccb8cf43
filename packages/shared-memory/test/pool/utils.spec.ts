import {
  createMatcher,
  InvalidDurationError,
  OnEvent,
  parseDuration,
} from '@mvent/shared-memory';
import { ON_EVENT_METADATA } from '../../src/constants';
import { secondsToMs } from '../../src/python/seconds.util';

describe('parseDuration', () => {
  it.each([
    [250, 250],
    ['250ms', 250],
    ['5s', 5000],
    ['1d2h30m', 95_400_000],
    ['1.5h', 5_400_000],
  ])('should read %p as %i ms', (input, expected) => {
    expect(parseDuration(input)).toBe(expected);
  });

  it.each(['', '5', '5x', '-1s', 'h', -1, NaN, Infinity])(
    'should reject %p',
    input => {
      expect(() => parseDuration(input as never)).toThrow(InvalidDurationError);
    },
  );

  it('says which unit a bare number is in, where the mistake was made', () => {
    expect(() => parseDuration(-5)).toThrow(
      'Invalid duration -5: use a number of milliseconds (the Nest-style API\'s unit; the Python-named classes take seconds) or a string such as "250ms", "5s", "1d2h30m".',
    );
    expect(() => secondsToMs(-5)).toThrow(
      'Invalid duration -5: use a number of seconds (as in Python; the Nest-style API takes milliseconds) or a string such as "250ms", "5s", "1d2h30m".',
    );
    expect(secondsToMs(5)).toBe(parseDuration('5s'));
  });
});

describe('createMatcher', () => {
  it('should treat dots as segment separators', () => {
    const one = createMatcher('user.*');
    expect([
      one('user.created'),
      one('user.a.b'),
      one('users.created'),
    ]).toEqual([true, false, false]);
    expect(createMatcher('**')('a.b.c')).toBe(true);
    expect(() => createMatcher('')).toThrow(
      /`pattern` must be a non-empty string/,
    );
  });

  it('should give the same answers once it has seen more names than it remembers', () => {
    const matches = createMatcher('{order,user}.*');
    const names = Array.from({ length: 3000 }, (_, i) =>
      i % 3 === 0 ? `user.n${i}` : i % 3 === 1 ? `order.n${i}` : `other.n${i}`,
    );
    const first = names.map(matches);
    expect(names.map(matches)).toEqual(first);
    expect(first.filter(Boolean)).toHaveLength(2000);
  });
});

describe('OnEvent', () => {
  it('should stack entries under its key and check its pattern', () => {
    class Handlers {
      @OnEvent('a')
      @OnEvent('b', { replay: 'latest' })
      handle() {}
    }
    expect(OnEvent.KEY).toBe(ON_EVENT_METADATA);
    expect(Reflect.getMetadata(OnEvent.KEY, Handlers.prototype.handle)).toEqual(
      [
        { pattern: 'b', options: { replay: 'latest' } },
        { pattern: 'a', options: {} },
      ],
    );
    expect(() => OnEvent('')).toThrow(TypeError);
  });
});
