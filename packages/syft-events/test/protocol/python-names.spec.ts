import {
  InvalidSyftUrlError,
  isSyftStatus,
  SyftBoxURL,
  SyftStatus,
} from '@mvent/syft-events';

/** The wire document's list (§5): Python 3.11's HTTPStatus values, 419 and 499. */
const DOCUMENTED = [
  100,
  101,
  102,
  103,
  200,
  201,
  202,
  203,
  204,
  205,
  206,
  207,
  208,
  226,
  300,
  301,
  302,
  303,
  304,
  305,
  307,
  308,
  ...Array.from({ length: 19 }, (_, i) => 400 + i),
  419,
  421,
  422,
  423,
  424,
  425,
  426,
  428,
  429,
  431,
  451,
  499,
  500,
  501,
  502,
  503,
  504,
  505,
  506,
  507,
  508,
  510,
  511,
];

describe('the Python names', () => {
  it('SyftStatus has Python’s members, the README’s SYFT_<code>_<NAME> form, and only valid codes', () => {
    expect(SyftStatus.SYFT_201_CREATED).toBe(201);
    expect(SyftStatus.CREATED).toBe(201);
    expect(SyftStatus.SYFT_200_OK).toBe(200);
    expect(SyftStatus.SYFT_419_EXPIRED).toBe(419);
    expect(SyftStatus.SYFT_499_CLIENT_CLOSED_REQUEST).toBe(499);
    expect(SyftStatus.SYFT_500_SERVER_ERROR).toBe(500);
    expect(SyftStatus.REQUEST_ENTITY_TOO_LARGE).toBe(413); // Python 3.11's name
    expect(
      [...new Set(Object.values(SyftStatus))].sort((a, b) => a - b),
    ).toEqual(DOCUMENTED);
    expect(isSyftStatus(299)).toBe(false);
    expect(Object.isFrozen(SyftStatus)).toBe(true);
  });

  it('new SyftBoxURL(string) parses as Python’s constructor, and refuses what is not a URL', () => {
    const url = new SyftBoxURL(
      'syft://alice@example.com/app_data/demo/rpc/add?x=1',
    );
    expect([url.host, url.path, url.query]).toEqual([
      'alice@example.com',
      '/app_data/demo/rpc/add',
      { x: '1' },
    ]);
    expect(url.toString()).toBe(
      'syft://alice@example.com/app_data/demo/rpc/add?x=1',
    );
    expect(() => new SyftBoxURL(undefined as never)).toThrow(
      InvalidSyftUrlError,
    );
    expect(() => new SyftBoxURL('syft://syft://alice@example.com')).toThrow(
      /does not match syft:\/\/<email>/,
    );
  });
});
