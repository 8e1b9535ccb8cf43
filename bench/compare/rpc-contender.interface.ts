/** What every RPC contender of `npm run bench:compare` implements. */
import type { ChildProcess } from 'node:child_process';

/** A client: `call` resolves with the echoed body. */
export interface RpcClient {
  call(body: unknown): Promise<unknown>;
  close(): void | Promise<void>;
}

/** One contender. `serve` runs in the server process and returns what the client needs. */
export interface RpcContender {
  name: string;
  serve(poolDir: string): unknown;
  client(
    poolDir: string,
    server: ChildProcess,
    served: unknown,
  ): RpcClient | Promise<RpcClient>;
}
