import { waitFor } from '@mvent/testing';
import { Deadlines } from '../../src/rpc/deadlines';

describe('Deadlines', () => {
  it('expires each key once, at its own deadline, whatever order they were set in', async () => {
    const expired: string[] = [];
    const deadlines = new Deadlines<string>(key => expired.push(key));
    const started = performance.now();
    deadlines.set('late', 120);
    deadlines.set('early', 30);
    deadlines.set('gone', 10);
    deadlines.delete('gone');
    deadlines.set('moved', 10);
    deadlines.set('moved', 80); // a stream's next frame pushes its deadline back

    await waitFor(() => expired.length === 3);
    expect(expired).toEqual(['early', 'moved', 'late']);
    expect(performance.now() - started).toBeGreaterThanOrEqual(119);
    deadlines.clear();
  });

  it('expires nothing after clear', async () => {
    const expired: string[] = [];
    const deadlines = new Deadlines<string>(key => expired.push(key));
    deadlines.set('a', 5);
    deadlines.clear();
    await new Promise(resolve => setTimeout(resolve, 30));
    expect(expired).toEqual([]);
  });
});
