import type { ApplicationGraph, OnApplicationBootstrap } from '@mvent/core';
import { ApplicationGraphService, Injectable } from '@mvent/core';
import { SharedMemoryPool } from '../pool/shared-memory-pool';

/** Largest graph published, in bytes of JSON: handlers beyond it are left out (and counted). */
export const MAX_GRAPH_BYTES = 64 * 1024;

/**
 * Publishes the application's graph (modules, and handlers with their transport and
 * enhancers) in this process's record in the pool, for `mvent dashboard`.
 */
@Injectable()
export class GraphPublisher implements OnApplicationBootstrap {
  private published: ApplicationGraph | undefined;
  /** How many handlers were wired when `published` was computed. */
  private wired = -1;

  constructor(
    private readonly pool: SharedMemoryPool,
    private readonly graphs: ApplicationGraphService,
  ) {}

  onApplicationBootstrap(): void {
    // Read at each heartbeat: transports wire their handlers during init, in any order.
    this.pool.processes.setGraphProvider(() => this.current());
  }

  /** The graph, computed again only when a handler was wired since. */
  private current(): ApplicationGraph {
    const graph = this.graphs.graph();
    if (graph.handlers.length !== this.wired) {
      this.wired = graph.handlers.length;
      this.published = boundedGraph(graph, MAX_GRAPH_BYTES);
    }
    return this.published!;
  }
}

/** `graph` with handlers left out from the end until its JSON fits `maxBytes`. */
export function boundedGraph(
  graph: ApplicationGraph,
  maxBytes: number,
): ApplicationGraph & { handlersLeftOut?: number } {
  const bounded = { ...graph, handlers: [...graph.handlers] };
  while (
    bounded.handlers.length > 0 &&
    Buffer.byteLength(JSON.stringify(bounded)) > maxBytes
  ) {
    bounded.handlers.splice(Math.ceil(bounded.handlers.length / 2));
  }
  const leftOut = graph.handlers.length - bounded.handlers.length;
  return leftOut > 0 ? { ...bounded, handlersLeftOut: leftOut } : bounded;
}
