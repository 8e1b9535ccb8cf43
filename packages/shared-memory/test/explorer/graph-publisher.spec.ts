import type { ApplicationGraph } from '@mvent/core';
import { boundedGraph } from '../../src/monitoring/graph-publisher';

const handler = (n: number) => ({
  module: 'AppModule',
  handler: `Orders.h${n}`,
  transport: 'memory',
  trigger: `order.${'x'.repeat(100)}.${n}`,
  guards: ['PaidOnly'],
  interceptors: [],
  pipes: [],
  filters: [],
});

describe('boundedGraph', () => {
  const graph: ApplicationGraph = {
    modules: [
      {
        name: 'AppModule',
        global: false,
        imports: [],
        providers: [],
        controllers: ['Orders'],
        exports: [],
      },
    ],
    handlers: Array.from({ length: 2000 }, (_, n) => handler(n)),
  };

  it('leaves a small graph as it is', () => {
    const small = { ...graph, handlers: graph.handlers.slice(0, 3) };
    expect(boundedGraph(small, 64 * 1024)).toEqual(small);
  });

  it('leaves handlers out of a large one until it fits, and says how many', () => {
    const bounded = boundedGraph(graph, 64 * 1024);
    expect(Buffer.byteLength(JSON.stringify(bounded))).toBeLessThanOrEqual(
      64 * 1024,
    );
    expect(bounded.handlers.length).toBeGreaterThan(0);
    expect(bounded.handlers.length + bounded.handlersLeftOut!).toBe(2000);
    expect(bounded.handlers[0]).toEqual(graph.handlers[0]);
  });
});
