import { Injectable } from '@mvent/core';

/** Records lifecycle events in order, so the demo can print them and the test can check them. */
@Injectable()
export class LifecycleLog {
  readonly entries: string[] = [];

  record(entry: string): void {
    this.entries.push(entry);
  }
}
