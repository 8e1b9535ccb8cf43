import type { OnModuleDestroy, OnModuleInit } from '@mvent/core';
import { CallObservers, Injectable } from '@mvent/core';
import { MemoryEventBus } from '../event-bus/memory-event-bus';

/**
 * Records every RPC call the application serves, on any transport, in the pool's statistics
 * (status and duration by route), so that the dashboard and the metrics of any process show
 * them: the serving app needs `SharedMemoryModule`, not `MetricsModule`.
 */
@Injectable()
export class RpcCallRecorder implements OnModuleInit, OnModuleDestroy {
  private stop: (() => void) | undefined;

  constructor(
    private readonly bus: MemoryEventBus,
    private readonly calls: CallObservers,
  ) {}

  onModuleInit(): void {
    this.stop = this.calls.add(call => this.bus.recordRpcCall(call));
  }

  onModuleDestroy(): void {
    this.stop?.();
  }
}
