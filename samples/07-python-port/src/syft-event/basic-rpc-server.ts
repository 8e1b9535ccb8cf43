/**
 * syft-event's README "Basic RPC Server", line by line. Python binds the JSON body's fields
 * to the handler's parameters; a standalone handler reads them from `request.json()` (a
 * controller does it with `@Body('name')`, see docs/porting-from-python.md).
 * Run alone (`node dist/syft-event/basic-rpc-server.js`) it serves until Ctrl-C.
 */
import { SyftEvents } from '@mvent/syft-events';

// Create a SyftEvents instance
export const box = new SyftEvents('my_app');

// Define an RPC endpoint
box.onRequest('/hello', function helloHandler(request) {
  const { name } = request.json<{ name: string }>()!;
  return `Hello, ${name}!`;
});

// Define another endpoint
box.onRequest('/calculate', function calculateHandler(request) {
  const {
    a,
    b,
    operation = 'add',
  } = request.json<{ a: number; b: number; operation?: string }>()!;
  if (operation === 'add') {
    return a + b;
  } else if (operation === 'multiply') {
    return a * b;
  } else {
    throw new Error('Unsupported operation');
  }
});

// Start the server
if (require.main === module) void box.runForever();
