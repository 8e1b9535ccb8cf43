import { MemoryEventBus } from '../event-bus/memory-event-bus';
import type { SharedMemoryOptions } from '../interfaces/shared-memory-options.interface';
import { SharedMemoryPool } from '../pool/shared-memory-pool';

/**
 * Where a Python-named class gets its pool: an open pool (shared, left open by the class),
 * a pool name, or pool options (the class opens the pool and closes it with itself).
 *
 * @publicApi
 */
export type PoolSource = SharedMemoryPool | string | SharedMemoryOptions;

/** The pool `source` gives, and whether it was opened here (and so is to be closed here). */
export function openPool(
  source: PoolSource | undefined,
  defaultName: string,
): { pool: SharedMemoryPool; owned: boolean } {
  if (source instanceof SharedMemoryPool) return { pool: source, owned: false };
  const options =
    typeof source === 'object' ? source : { name: source ?? defaultName };
  return { pool: new SharedMemoryPool(options), owned: true };
}

/**
 * A bus of its own on a pool given or opened, as each Python mvent class builds its own
 * pool: the one mechanism behind `StreamingEvent`, `SocketsManager` and `MemoryEventHandler`.
 */
export class AttachedBus {
  readonly pool: SharedMemoryPool;
  readonly bus: MemoryEventBus;
  private readonly ownsPool: boolean;

  /** @throws the pool's errors (invalid name, unsafe directory) when it opens the pool */
  constructor(source: PoolSource | undefined, defaultName: string) {
    ({ pool: this.pool, owned: this.ownsPool } = openPool(source, defaultName));
    this.bus = new MemoryEventBus(this.pool);
  }

  /** Closes the bus, and the pool when it was opened here. */
  async close(): Promise<void> {
    await this.bus.close();
    if (this.ownsPool) await this.pool.close();
  }
}
