const CHANNEL_NAME = /^[A-Za-z0-9_@:+-]+(?:\.[A-Za-z0-9_@:+-]+)*$/;

/**
 * Checks a stream or room name: dot-separated words of letters, digits and `_ @ : + -`,
 * never a glob, since it becomes part of an exact event pattern.
 *
 * @throws TypeError naming the problem
 */
export function assertChannelName(
  kind: string,
  name: unknown,
): asserts name is string {
  if (typeof name !== 'string' || !CHANNEL_NAME.test(name)) {
    throw new TypeError(
      `Invalid ${kind} name ${JSON.stringify(name)}: use dot-separated words of letters, digits and _ @ : + -`,
    );
  }
}

/** Whether the process `pid` on this machine is alive. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
