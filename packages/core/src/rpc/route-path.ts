const LITERAL_SEGMENT = /^[A-Za-z0-9._~@+-]+$/;
const PARAM_SEGMENT = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

type Segment =
  { literal: string } | { param: string } | { wildcard: '*' | '**' };

/**
 * A route path such as `/v1/data/{id}`: literal segments, `{name}` parameters, `*` (any one
 * segment) and a final `**` (any number of segments, none included), each a whole segment.
 * Paths are matched segment by segment, so they map onto folders (SyftBox) or keys (shared
 * memory). When several routes match, the most specific wins, judged from the left: a literal
 * beats a parameter or `*`, which beats `**` (`/api/users` over `/api/{id}` over `/api/**`).
 *
 * @publicApi
 */
export class RoutePath {
  private constructor(private readonly segments: readonly Segment[]) {}

  /**
   * Parses a route path. Leading, trailing and repeated slashes are ignored.
   *
   * @throws TypeError for an empty path, `?`, `**` anywhere but last, `.` or `..` segments,
   *   or characters outside `A-Z a-z 0-9 . _ ~ @ + -`
   */
  static parse(path: string): RoutePath {
    if (typeof path !== 'string') {
      throw new TypeError('A route path must be a string');
    }
    // No query stripping here: in a route, `?` is a wildcard and refused.
    const parts = path.split('/').filter(part => part.length > 0);
    if (parts.length === 0) {
      throw new TypeError(
        `Invalid route path ${JSON.stringify(path)}: it has no segment`,
      );
    }
    const names = new Set<string>();
    return new RoutePath(
      parts.map((part, index) => {
        if (part === '*') return { wildcard: '*' };
        if (part === '**') {
          if (index !== parts.length - 1) {
            throw new TypeError(
              `Invalid route path ${JSON.stringify(path)}: "**" may only be the last segment`,
            );
          }
          return { wildcard: '**' };
        }
        const param = PARAM_SEGMENT.exec(part);
        if (param) {
          if (names.has(param[1])) {
            throw new TypeError(
              `Invalid route path ${JSON.stringify(path)}: parameter {${param[1]}} appears twice`,
            );
          }
          names.add(param[1]);
          return { param: param[1] };
        }
        if (!isPlainSegment(part)) {
          throw new TypeError(
            `Invalid route path ${JSON.stringify(path)}: segment ${JSON.stringify(part)} ` +
              'may only hold letters, digits and . _ ~ @ + - (. and .. are not routes), or be a {parameter}, * or **',
          );
        }
        return { literal: part };
      }),
    );
  }

  /** The segments of a request path, without its query: `/data/42?x=1` → `['data', '42']`. */
  static segmentsOf(path: string): string[] {
    return path
      .split('?')[0]
      .split('/')
      .filter(segment => segment.length > 0);
  }

  /** `prefix` followed by `path`, e.g. a controller prefix and a route (`''` for none). */
  static join(prefix: string, path: string): RoutePath {
    return RoutePath.parse(`${prefix}/${path}`);
  }

  /** The number of segments. */
  get length(): number {
    return this.segments.length;
  }

  /** The names of the `{parameters}`, in order. */
  get paramNames(): string[] {
    return this.segments.flatMap(s => ('param' in s ? [s.param] : []));
  }

  /** The literal segments before the first parameter or wildcard: the folder that always exists. */
  get literalPrefix(): string[] {
    const end = this.segments.findIndex(s => !('literal' in s));
    return (end === -1 ? this.segments : this.segments.slice(0, end)).map(
      s => (s as { literal: string }).literal,
    );
  }

  /**
   * How specific the path is, to choose between paths that match the same segments, compared
   * as strings: a character per segment (literal `3`, parameter or `*` `2`), then `1` for the
   * end of the path or `0` for a final `**`, so `/a/{x}` beats `/a/{x}/**` on `/a/b`.
   */
  get specificity(): string {
    return this.segments
      .map(s =>
        'literal' in s ? '3' : 'param' in s || s.wildcard === '*' ? '2' : '0',
      )
      .join('')
      .replace(/[23]$/, '$&1');
  }

  /** The path with every parameter and `*` written `{}`: two paths with one form match alike. */
  get shape(): string {
    return `/${this.segments.map(s => ('literal' in s ? s.literal : 'param' in s || s.wildcard === '*' ? '{}' : '**')).join('/')}`;
  }

  /**
   * The path parameters when `segments` match this path, else `undefined`. A parameter or
   * wildcard never matches `.`, `..` or a segment with other characters than a literal's.
   */
  match(segments: readonly string[]): Record<string, string> | undefined {
    const last = this.segments[this.segments.length - 1];
    const rest = 'wildcard' in last && last.wildcard === '**';
    const fixed = rest ? this.segments.length - 1 : this.segments.length;
    if (rest ? segments.length < fixed : segments.length !== fixed) {
      return undefined;
    }
    const params: Record<string, string> = {};
    for (const [i, actual] of segments.entries()) {
      const segment = this.segments[Math.min(i, fixed)];
      if ('literal' in segment) {
        if (segment.literal !== actual) return undefined;
      } else if (!isPlainSegment(actual)) {
        return undefined;
      } else if ('param' in segment) {
        params[segment.param] = actual;
      }
    }
    return params;
  }

  /** `/v1/data/{id}`. */
  toString(): string {
    return `/${this.segments.map(s => ('literal' in s ? s.literal : 'param' in s ? `{${s.param}}` : s.wildcard)).join('/')}`;
  }
}

function isPlainSegment(segment: string): boolean {
  return LITERAL_SEGMENT.test(segment) && segment !== '.' && segment !== '..';
}
