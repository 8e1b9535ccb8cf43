/**
 * mvent's "Advanced Example" sections, line by line: InMemoryHTTPManager, StreamingEvent,
 * SocketsManager, and Monitoring and Security. Each class opens its Python default pool
 * (`http_pool`, `streaming_pool`, `sockets_pool`) in this sample's folder; Python's
 * `send_request` returns the bare value, ours a response whose `body` is that value.
 */
import { randomBytes } from 'node:crypto';
import type { RpcRequest } from '@mvent/core';
import {
  InMemoryHTTPManager,
  MonitoringTools,
  SharedMemoryPool,
  SocketsManager,
  StreamingEvent,
} from '@mvent/shared-memory';
import { IN_POOLS_DIR, until } from '../python';

/** Advanced Example: InMemoryHTTPManager. */
export async function inMemoryHttp(): Promise<void> {
  const http = new InMemoryHTTPManager('http_pool', IN_POOLS_DIR);

  http.route('/greet', function greetHandler(request: RpcRequest) {
    const data = request.json<{ name: string }>()!; // Python: request["data"]
    return { greeting: `Hello, ${data.name}!` };
  });

  // Simulate a request (any process attached to http_pool may send it)
  const resp = await http.sendRequest('/greet', {
    method: 'POST',
    data: { name: 'Alice' },
  });
  console.log(resp.body); // { greeting: 'Hello, Alice!' }
  await http.close();
}

/** Advanced Example: StreamingEvent. */
export async function streamingEvent(): Promise<void> {
  const stream = new StreamingEvent('chatroom1', {
    name: 'streaming_pool',
    ...IN_POOLS_DIR,
  });

  let streamed = 0;
  function onMessage(msg: unknown) {
    console.log('STREAMED:', msg);
    streamed++;
  }

  stream.subscribe(onMessage);
  await stream.publish('Welcome to the room!');
  await until(() => streamed === 1); // Python's watcher thread prints within 50 ms
  await stream.stop();
}

/** Advanced Example: SocketsManager. */
export async function socketsManager(): Promise<void> {
  const sockets = new SocketsManager({ name: 'sockets_pool', ...IN_POOLS_DIR });
  let received = 0;
  function printMsg(m: unknown) {
    console.log('Room got:', m);
    received++;
  }
  sockets.connect('room1');
  sockets.subscribe('room1', printMsg);
  await sockets.send('room1', 'This is in RAM only!');
  await until(() => received === 1);
  await sockets.cleanup();
}

/** Advanced Example: Monitoring and Security. */
export async function monitoringAndSecurity(): Promise<void> {
  const key = randomBytes(32); // Python: Fernet.generate_key()
  const securePool = new SharedMemoryPool({
    name: 'secure',
    encryptionKey: key,
    ...IN_POOLS_DIR,
  });
  const monitor = new MonitoringTools(securePool);

  // Python's `@monitor.wrap_handler("example", lambda x: x * x)` raises TypeError;
  // wrapHandler(name) with no function is the decorator form.
  class Example {
    @monitor.wrapHandler('example')
    square(x: number) {
      return x * x;
    }
  }
  const square = (x: number) => new Example().square(x);

  monitor.recordEvent('test_event');
  monitor.wrapHandler('timed', square)(4);
  console.log(monitor.getEventStats());
  console.log(Object.keys(monitor.getHandlerStats()));
  const stats = monitor.getMemoryStats();
  console.log('Secure stats:', {
    name: stats.name,
    encrypted: stats.encrypted,
  });
  await securePool.close();
}
