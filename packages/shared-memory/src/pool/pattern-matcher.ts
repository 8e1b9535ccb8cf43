import micromatch from 'micromatch';

/**
 * The only micromatch import. Compiles a glob over dotted names: `.` separates segments,
 * so `user.*` matches `user.created` but not `user.profile.updated`, `user.**` matches
 * both, and braces work (`{user,order}.created`).
 *
 * @publicApi
 */
export function createMatcher(pattern: string): (name: string) => boolean {
  if (typeof pattern !== 'string' || pattern.length === 0) {
    throw new TypeError('`pattern` must be a non-empty string');
  }
  const isMatch = micromatch.matcher(toSegments(pattern), { dot: true });
  return name => isMatch(toSegments(name));
}

function toSegments(name: string): string {
  return name.replaceAll('.', '/');
}
