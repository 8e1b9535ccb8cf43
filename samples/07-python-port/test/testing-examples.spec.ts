/**
 * syft-event's "Testing" section, line by line: unit tests of handlers with a request built
 * from a URL (`createTestRequest` is Python's `Request(...)` and the docs'
 * `create_test_request`), and the router integration test.
 */
import type { Response } from '@mvent/core';
import type { RequestHandler } from '@mvent/syft-events';
import { createTestRequest, EventRouter, SyftBoxURL } from '@mvent/syft-events';
import { box, router } from '../src/syft-event/documentation-examples';

const handler = (path: string): RequestHandler =>
  router.routes.get(path)!.handler;

test('echo handler', async () => {
  // Create test request
  const request = createTestRequest(
    new SyftBoxURL('syft://test@example.com/app_data/test/rpc/echo'),
    {
      id: 'test-123',
      sender: 'test@example.com',
      method: 'POST',
      body: Buffer.from('Hello, World!'),
    },
  );

  // Call handler
  const response = (await handler('/echo')(request, box)) as Response;

  // Assert response
  expect(response.statusCode).toBe(200);
  expect(response.body).toEqual(Buffer.from('Hello, World!'));
});

test('error handling', async () => {
  const request = createTestRequest(
    new SyftBoxURL('syft://test@example.com/app_data/test/rpc/protected'),
    {
      id: 'test-456',
      sender: 'test@example.com',
      method: 'GET',
      headers: {},
      body: null,
    },
  );

  const response = (await handler('/protected')(request, box)) as Response<{
    error: string;
  }>;

  expect(response.statusCode).toBe(401);
  expect(response.body).toHaveProperty('error');
});

test('router integration', async () => {
  const testRouter = new EventRouter();

  testRouter.onRequest('/test', function testHandler() {
    return { test: true };
  });

  // Verify route is registered
  expect(testRouter.routes.has('/test')).toBe(true);

  // Create request and process
  const request = createTestRequest('/test');
  const testHandler = testRouter.routes.get('/test')!.handler;
  const response = (await testHandler(request, box)) as { test: boolean };

  expect(response.test).toBe(true);
});
