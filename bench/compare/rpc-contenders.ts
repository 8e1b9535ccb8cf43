/**
 * Local request/response between two processes, three ways: each contender has a server
 * (in a child process) that echoes the request body, and a client (in the bench's process).
 */
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  MemoryEventBus,
  MemoryRpcServer,
  SharedMemoryPool,
} from '@mvent/shared-memory';
import { APP_CONTENDER, GUARDED_APP_CONTENDER } from './rpc-app-contender';
import type { RpcClient, RpcContender } from './rpc-contender.interface';
import { memoryRpcClient } from './memory-rpc-client';

const POOL = 'compare-rpc';

/** The contenders, by name. */
export type { RpcClient, RpcContender };

export const RPC_CONTENDERS: Record<string, RpcContender> = {
  mvent: {
    name: 'mvent memory RPC',
    async serve(poolDir) {
      const pool = new SharedMemoryPool({ name: POOL, dir: poolDir });
      const bus = new MemoryEventBus(pool);
      const server = new MemoryRpcServer(bus);
      server.addRoute('/echo', request => Promise.resolve(request.json()));
      await server.listen();
      return null;
    },
    client: poolDir => memoryRpcClient(poolDir, POOL),
  },
  app: APP_CONTENDER,
  guarded: GUARDED_APP_CONTENDER,
  http: {
    name: 'HTTP keep-alive',
    async serve() {
      const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          res.setHeader('content-type', 'application/json');
          res.end(Buffer.concat(chunks));
        });
      });
      await new Promise<void>(resolve =>
        server.listen(0, '127.0.0.1', resolve),
      );
      return (server.address() as AddressInfo).port;
    },
    client(_poolDir, _server, port) {
      const agent = new Agent({ keepAlive: true, maxSockets: 8 });
      return {
        call: body =>
          new Promise((resolve, reject) => {
            const payload = JSON.stringify(body);
            const req = request(
              {
                agent,
                host: '127.0.0.1',
                port: port as number,
                method: 'POST',
                path: '/echo',
                headers: {
                  'content-type': 'application/json',
                  'content-length': Buffer.byteLength(payload),
                },
              },
              res => {
                const chunks: Buffer[] = [];
                res.on('data', (chunk: Buffer) => chunks.push(chunk));
                res.on('end', () =>
                  resolve(JSON.parse(Buffer.concat(chunks).toString())),
                );
              },
            );
            req.on('error', reject);
            req.end(payload);
          }),
        close: () => agent.destroy(),
      };
    },
  },
  ipc: {
    name: 'child-process IPC',
    serve() {
      process.on('message', (message: { id?: number; body?: unknown }) => {
        if (message.id !== undefined)
          process.send!({ id: message.id, body: message.body });
      });
      return null;
    },
    client(_poolDir, server) {
      const pending = new Map<number, (body: unknown) => void>();
      let nextId = 0;
      const onMessage = (message: { id?: number; body?: unknown }) => {
        if (message.id === undefined) return;
        pending.get(message.id)?.(message.body);
        pending.delete(message.id);
      };
      server.on('message', onMessage);
      return {
        call: body =>
          new Promise(resolve => {
            const id = nextId++;
            pending.set(id, resolve);
            server.send({ id, body });
          }),
        close: () => void server.off('message', onMessage),
      };
    },
  },
};
