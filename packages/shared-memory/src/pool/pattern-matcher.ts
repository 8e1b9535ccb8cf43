import micromatch from 'micromatch';

/** How many names a matcher remembers before it starts over. */
const REMEMBERED_NAMES = 1024;

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
  // A bus asks about the same few names for every event: remember the answers.
  const answers = new Map<string, boolean>();
  return name => {
    let answer = answers.get(name);
    if (answer === undefined) {
      answer = isMatch(toSegments(name));
      if (answers.size >= REMEMBERED_NAMES) {
        answers.clear();
      }
      answers.set(name, answer);
    }
    return answer;
  };
}

function toSegments(name: string): string {
  return name.replaceAll('.', '/');
}
