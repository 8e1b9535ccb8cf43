import type { WriteStream } from 'node:fs';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Logger } from '../logger/logger';
import type { AuditRecord, AuditSink } from './audit.interfaces';

/**
 * Appends each record as one JSON line to a file (created `0600`, owner-only), in the order
 * the calls ended. The file is opened once; close it at shutdown (the module does).
 *
 * @publicApi
 */
export class JsonLinesAuditSink implements AuditSink {
  private readonly logger = new Logger('JsonLinesAuditSink');
  private stream: WriteStream | undefined;
  private failed = false;

  constructor(readonly path: string) {}

  write(record: AuditRecord): void {
    if (!this.stream) {
      mkdirSync(dirname(this.path), { recursive: true });
      this.stream = createWriteStream(this.path, { flags: 'a', mode: 0o600 });
      this.stream.on('error', error => {
        if (!this.failed)
          this.logger.error(`Cannot write ${this.path}: ${error.message}`);
        this.failed = true;
      });
    }
    this.stream.write(`${JSON.stringify(record)}\n`);
  }

  /** Writes what is buffered and closes the file. */
  close(): Promise<void> {
    const stream = this.stream;
    this.stream = undefined;
    if (!stream || stream.destroyed) return Promise.resolve();
    return new Promise(resolve => stream.end(resolve));
  }

  /** Closes the file when the application shuts down. */
  onApplicationShutdown(): Promise<void> {
    return this.close();
  }
}
