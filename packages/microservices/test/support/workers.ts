import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Handled, WorkerConfig } from '../fixtures/worker-config';
import { parseRecords } from '../fixtures/worker-config';

const ROOT = join(__dirname, '../../../..');
const RECORDS = mkdtempSync(join(tmpdir(), 'mvent-ms-records-'));
// The records are read by the tests of the file that made them: none is left in /tmp.
afterAll(() => rmSync(RECORDS, { recursive: true, force: true }));
let workers = 0;

/** A worker process running an application on a transport, with its record of handled events. */
export class TransportWorker {
  /** How many events this worker's current `publish` command has published. */
  progress = 0;
  /** What the worker logged (the last 100 kB), also passed on to this process's stderr. */
  output = '';
  private readonly pending = new Map<
    number,
    { resolve(v: unknown): void; reject(e: Error): void }
  >();
  private nextId = 1;
  private readonly exited: Promise<void>;

  private constructor(
    readonly child: ChildProcess,
    readonly recordFile: string,
  ) {
    this.exited = new Promise(resolve =>
      child.once('exit', (code, signal) => {
        for (const waiter of this.pending.values()) {
          waiter.reject(
            new Error(`worker ${child.pid} exited with ${signal ?? code}`),
          );
        }
        this.pending.clear();
        resolve();
      }),
    );
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Starts a worker and resolves once its application listens. */
  static async start(
    config: Omit<WorkerConfig, 'record'>,
  ): Promise<TransportWorker> {
    const record = join(RECORDS, `worker-${process.pid}-${++workers}.log`);
    const child = fork(join(__dirname, '../fixtures/transport-worker.ts'), [], {
      execArgv: ['-r', '@swc-node/register'],
      cwd: ROOT,
      env: {
        ...process.env,
        SWC_NODE_PROJECT: join(ROOT, 'tsconfig.test.json'),
        MS_WORKER: JSON.stringify({ ...config, record }),
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const worker = new TransportWorker(child, record);
    for (const stream of [child.stdout!, child.stderr!]) {
      stream.on('data', (chunk: Buffer) => {
        process.stderr.write(chunk);
        worker.output = (worker.output + chunk.toString()).slice(-100_000);
      });
    }
    await new Promise<void>((resolve, reject) => {
      child.once('exit', code =>
        reject(new Error(`worker exited with ${code} before it was ready`)),
      );
      child.on(
        'message',
        (message: {
          id?: number;
          result?: unknown;
          error?: string;
          progress?: number;
        }) => {
          if (message.progress !== undefined) {
            worker.progress = message.progress;
            return;
          }
          if (message.id === 0) return resolve();
          const waiter = worker.pending.get(message.id!);
          worker.pending.delete(message.id!);
          if (message.error) waiter?.reject(new Error(message.error));
          else waiter?.resolve(message.result);
        },
      );
    });
    return worker;
  }

  request<T = unknown>(
    cmd: string,
    args: Record<string, unknown> = {},
  ): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, {
        resolve: resolve,
        reject,
      });
      this.child.send({ id, cmd, args });
    });
  }

  /** Publishes `count` events as `publisher`, with ids `publisher-n`, one after the other. */
  publish(
    publisher: string,
    count: number,
    event = 'order.created',
    extra = {},
  ): Promise<void> {
    this.progress = 0;
    return this.request('publish', { publisher, count, event, extra });
  }

  /** What the worker's handlers handled so far (lines written before a SIGKILL included). */
  records(): Handled[] {
    return existsSync(this.recordFile)
      ? parseRecords(readFileSync(this.recordFile, 'utf8'))
      : [];
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null)
      this.child.kill(signal);
    await this.exited;
  }

  /** Closes the application (acknowledgements sent, consumers left) and waits for the exit. */
  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    await this.request('close').catch(() => undefined);
    await this.exited;
  }
}

/** `handled` for `handler`, grouped by publisher, in the order they were handled. */
export function byPublisher(
  handled: Handled[],
  handler: string,
): Map<string, number[]> {
  const result = new Map<string, number[]>();
  for (const entry of handled.filter(h => h.handler === handler)) {
    result.set(entry.publisher, [
      ...(result.get(entry.publisher) ?? []),
      entry.n,
    ]);
  }
  return result;
}

/** Whether `list` is strictly increasing. */
export function increasing(list: number[]): boolean {
  return list.every((value, index) => index === 0 || value > list[index - 1]);
}

/** How many times each `publisher-n` appears in `handled` for `handler`. */
export function counts(
  handled: Handled[],
  handler: string,
): Map<string, number> {
  const result = new Map<string, number>();
  for (const entry of handled.filter(h => h.handler === handler)) {
    const key = `${entry.publisher}-${entry.n}`;
    result.set(key, (result.get(key) ?? 0) + 1);
  }
  return result;
}
