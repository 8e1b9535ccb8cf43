const LITERAL_SEGMENT = /^[A-Za-z0-9._~@+-]+$/;
const PARAM_SEGMENT = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

type Segment = { literal: string } | { param: string };

/**
 * A route path such as `/v1/data/{id}`: literal segments and `{name}` parameters, each a
 * whole segment. Paths are matched segment by segment, so they map one-to-one onto folders
 * (SyftBox) or keys (shared memory).
 *
 * @publicApi
 */
export class RoutePath {
  private constructor(private readonly segments: readonly Segment[]) {}

  /**
   * Parses a route path. Leading, trailing and repeated slashes are ignored.
   *
   * @throws TypeError for an empty path, wildcards (`*`, `?`), `.` or `..` segments, or
   *   characters outside `A-Z a-z 0-9 . _ ~ @ + -`
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
      parts.map(part => {
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
        if (!LITERAL_SEGMENT.test(part) || part === '.' || part === '..') {
          throw new TypeError(
            `Invalid route path ${JSON.stringify(path)}: segment ${JSON.stringify(part)} ` +
              'may only hold letters, digits and . _ ~ @ + - (wildcards and . or .. are not routes), or be a {parameter}',
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

  /** The literal segments before the first parameter: the folder that always exists. */
  get literalPrefix(): string[] {
    const end = this.segments.findIndex(s => 'param' in s);
    return (end === -1 ? this.segments : this.segments.slice(0, end)).map(
      s => (s as { literal: string }).literal,
    );
  }

  /**
   * How specific the path is, to choose between paths that match the same segments:
   * literal segments beat parameters, from the left.
   */
  get specificity(): string {
    return this.segments.map(s => ('literal' in s ? '1' : '0')).join('');
  }

  /**
   * The path parameters when `segments` match this path exactly, else `undefined`.
   * A parameter never matches `.` or `..`.
   */
  match(segments: readonly string[]): Record<string, string> | undefined {
    if (segments.length !== this.segments.length) {
      return undefined;
    }
    const params: Record<string, string> = {};
    for (const [i, segment] of this.segments.entries()) {
      const actual = segments[i];
      if ('literal' in segment) {
        if (segment.literal !== actual) return undefined;
      } else {
        if (!LITERAL_SEGMENT.test(actual) || actual === '.' || actual === '..')
          return undefined;
        params[segment.param] = actual;
      }
    }
    return params;
  }

  /** `/v1/data/{id}`. */
  toString(): string {
    return `/${this.segments.map(s => ('literal' in s ? s.literal : `{${s.param}}`)).join('/')}`;
  }
}
