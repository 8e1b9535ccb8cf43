import { declaredParameters } from '../../src/rpc/parameter-names';

describe('declaredParameters', () => {
  it('reads names and defaults from compiled methods, as Python reads a signature', () => {
    class Handlers {
      plain(a: number, b: string) {
        return [a, b];
      }
      defaults(limit = 10, name = 'x, y)', opts = { a: [1, 2] }) {
        return [limit, name, opts];
      }
      destructured(
        { a, b }: { a: number; b: number },
        [c] = [1],
        ...rest: number[]
      ) {
        return [a, b, c, rest];
      }
      none() {
        return 0;
      }
    }
    const proto = Handlers.prototype;
    expect(declaredParameters(proto.plain)).toEqual([
      { name: 'a', hasDefault: false },
      { name: 'b', hasDefault: false },
    ]);
    expect(declaredParameters(proto.defaults)).toEqual([
      { name: 'limit', hasDefault: true },
      { name: 'name', hasDefault: true },
      { name: 'opts', hasDefault: true },
    ]);
    expect(declaredParameters(proto.destructured)).toEqual([
      { name: undefined, hasDefault: false },
      { name: undefined, hasDefault: true },
      { name: 'rest', hasDefault: false },
    ]);
    expect(declaredParameters(proto.none)).toEqual([]);
    expect(declaredParameters((x: number) => x)).toEqual([
      { name: 'x', hasDefault: false },
    ]);
  });
});
