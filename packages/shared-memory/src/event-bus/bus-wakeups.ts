import { Logger } from '@mvent/core';
import type { ParkedReaders } from '../event-log/parked-readers';
import type { WakeupChannel } from './wakeup-channel';

/**
 * A bus's part in waking: its parked flag in the event log, set when it has subscribers and
 * has read everything, so that writers wake it (a bus without subscribers, such as a
 * publisher's, is never woken); and, after it writes, waking the readers that sleep: once per
 * tick however many events it wrote, and none while all are awake.
 */
export class BusWakeups {
  /** Its parked flag's slot, once its socket listens (`-1` before, or when none is free). */
  private slot = -1;
  private wakePending = false;
  private readonly logger = new Logger('MemoryEventBus');

  constructor(
    private readonly readers: ParkedReaders,
    private readonly channel: WakeupChannel,
    /** Whether the bus has subscribers: only then does it want waking. */
    private readonly listening: () => boolean,
  ) {}

  /** Takes a parked flag for this bus (call once its socket listens). */
  join(): void {
    this.slot = this.readers.join(this.channel.busNumber, this.listening());
    if (this.slot < 0) {
      this.logger.warn(
        'Every parked-reader slot of the event log is taken: this bus reads new events by its safety poll only.',
      );
    }
  }

  /** Sets this bus's parked flag (if it has subscribers), or clears it. */
  park(parked: boolean): void {
    if (this.slot < 0) return;
    if (parked && this.listening()) this.readers.park(this.slot);
    else this.readers.unpark(this.slot);
  }

  /** Wakes the parked readers at the end of this tick. */
  wakeReaders(): void {
    if (this.wakePending) return;
    this.wakePending = true;
    queueMicrotask(() => {
      this.wakePending = false;
      this.readers.wakeParked(reader => this.channel.wake(reader));
    });
  }

  /** Gives the parked flag back. */
  leave(): void {
    if (this.slot >= 0) this.readers.leave(this.slot);
    this.slot = -1;
  }
}
