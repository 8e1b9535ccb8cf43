import { resolve, sep } from 'node:path';
import { InvalidSyftUrlError } from '../errors/invalid-syft-url.error';

/** Python syft-core's validation regex: the host is an email whose domain has a dot. */
const URL_PATTERN =
  /^syft:\/\/([a-zA-Z0-9_.+-]+@[a-zA-Z0-9-]+\.[a-zA-Z0-9-.]+)(\/.*)?$/;

/**
 * A SyftBox URL: `syft://<email>/<path>[?query]`, validated as Python's syft-core does.
 * `toLocalPath` refuses paths that would leave the datasites folder.
 *
 * @example
 * ```ts
 * const url = new SyftBoxURL('syft://alice@example.com/app_data/demo/rpc/add?x=1');
 * url.host; // 'alice@example.com'
 * url.path; // '/app_data/demo/rpc/add'
 * url.query; // { x: '1' }
 * ```
 * @publicApi
 */
export class SyftBoxURL {
  /** The datasite owner's email. */
  readonly host: string;
  /** The path after the email, starting with `/` (or empty). */
  readonly path: string;
  /** The raw query string, without `?`. */
  readonly rawQuery: string;

  /**
   * Parses `url`, as Python's `SyftBoxURL("syft://…")` does.
   *
   * @throws InvalidSyftUrlError for anything but a valid SyftBox URL string
   */
  constructor(url: string) {
    if (typeof url !== 'string') {
      throw new InvalidSyftUrlError(url, 'not a string');
    }
    const match = URL_PATTERN.exec(url);
    if (!match) {
      throw new InvalidSyftUrlError(
        url,
        'does not match syft://<email>[/<path>]',
      );
    }
    const [, host, rest = ''] = match;
    const cut = rest.search(/[?#]/);
    this.host = host;
    this.path = cut === -1 ? rest : rest.slice(0, cut);
    this.rawQuery =
      cut !== -1 && rest[cut] === '?' ? rest.slice(cut + 1).split('#')[0] : '';
  }

  /** Like `new SyftBoxURL(url)`, for a value of unknown type. @throws InvalidSyftUrlError */
  static parse(url: unknown): SyftBoxURL {
    return new SyftBoxURL(url as string);
  }

  /** `syft://<datasite>/app_data/<app>/rpc/<endpoint>`, as syft-rpc's `make_url`. */
  static forEndpoint(
    datasite: string,
    app: string,
    endpoint: string,
  ): SyftBoxURL {
    return SyftBoxURL.parse(
      `syft://${datasite}/app_data/${app}/rpc/${endpoint.replace(/^\/+/, '')}`,
    );
  }

  /** The URL of a local path under `datasites`. @throws InvalidSyftUrlError outside it */
  static fromLocalPath(path: string, datasites: string): SyftBoxURL {
    const root = resolve(datasites);
    const absolute = resolve(path);
    if (!absolute.startsWith(root + sep)) {
      throw new InvalidSyftUrlError(path, `the path is outside ${root}`);
    }
    return SyftBoxURL.parse(
      `syft://${absolute
        .slice(root.length + 1)
        .split(sep)
        .join('/')}`,
    );
  }

  /** The query as Python builds it: split on `&` and the first `=`, not percent-decoded. */
  get query(): Record<string, string> {
    const entries = this.rawQuery
      .split('&')
      .filter(part => part.includes('='))
      .map((part): [string, string] => [
        part.slice(0, part.indexOf('=')),
        part.slice(part.indexOf('=') + 1),
      ]);
    return Object.fromEntries(entries);
  }

  /**
   * `datasites/<host>/<path>`, normalised. Unlike Python, a path that leaves the host's
   * datasite (`..`) is refused.
   *
   * @throws InvalidSyftUrlError
   */
  toLocalPath(datasites: string): string {
    const datasite = resolve(datasites, this.host);
    const local = resolve(datasite, this.path.replace(/^\/+/, ''));
    if (local !== datasite && !local.startsWith(datasite + sep)) {
      throw new InvalidSyftUrlError(
        this.toString(),
        'the path leaves its datasite',
      );
    }
    return local;
  }

  toString(): string {
    return `syft://${this.host}${this.path}${this.rawQuery ? `?${this.rawQuery}` : ''}`;
  }

  toJSON(): string {
    return this.toString();
  }
}
