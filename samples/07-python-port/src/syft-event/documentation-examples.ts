/**
 * syft-event's long documentation, section by section: "EventRouter", "Basic Event Handler
 * Application" (the calculator), "Advanced Routing Patterns" (methods, `{email}` and the
 * `/api/**` wildcard), "Request Processing", "Error Handling", "Request Validation", "Async
 * Patterns" and the "Security" middleware. One app, `docs_examples`, serves them all.
 */
import { Response } from '@mvent/core';
import type { RequestHandler } from '@mvent/syft-events';
import { EventRouter, SyftEvents } from '@mvent/syft-events';

export const router = new EventRouter();

// EventRouter
router.onRequest('/users', () => new Response({ users: ['alice', 'bob'] }));
router.onRequest('/data/{id}', request => {
  const dataId = request.params.id; // Python: request.url.path.split("/")[-1]
  return new Response({ data_id: dataId, value: 42 });
});
router.onRequest('/echo', request => new Response(request.body));

// Basic Event Handler Application
router.onRequest('/calculate', function calculate(request) {
  if (request.body) {
    const data = request.json<{ a: number; b: number }>()!;
    return new Response({ result: data.a + data.b });
  }
  return new Response({ error: 'No data provided' }, 400);
});

// Advanced Routing Patterns
router.onRequest('/items', function listItems(request) {
  if (request.method === 'GET') {
    return new Response({ items: [] });
  } else if (request.method === 'POST') {
    return new Response({ created: true }, 201);
  } else {
    return new Response({ error: 'Method not allowed' }, 405);
  }
});
router.onRequest('/users/{email}/profile', function userProfile(request) {
  const email = request.params.email;
  return new Response({ email, profile: { name: 'User Name' } });
});
router.onRequest('/api/**', function apiHandler() {
  return new Response({ api: 'v1' }); // Handle all /api/* requests
});

// Request Processing
router.onRequest('/process', function processHandler(request) {
  const contentType = request.header('Content-Type') ?? '';
  const data =
    contentType === 'application/json'
      ? request.json()
      : contentType === 'application/x-www-form-urlencoded'
        ? Object.fromEntries(new URLSearchParams(request.text()))
        : request.body;
  return new Response(
    { processed: true, request_id: request.id, sender: request.sender, data },
    200,
    { 'X-Request-ID': request.id },
  );
});

// Error Handling and the Security middleware
function authRequired(handler: RequestHandler): RequestHandler {
  return (request, app) => {
    const auth = request.header('Authorization') ?? '';
    if (!auth.startsWith('Bearer ')) {
      return new Response({ error: 'Unauthorized' }, 401, {
        'WWW-Authenticate': 'Bearer',
      });
    }
    return handler(request, app);
  };
}
router.onRequest(
  '/protected',
  authRequired(() => new Response({ data: 'secret' })),
);

// Request Validation
router.onRequest('/api/create', function createHandler(request) {
  if (!request.body) {
    return new Response({ error: 'Request body required' }, 400);
  }
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(request.text()) as Record<string, unknown>;
  } catch {
    return new Response({ error: 'Invalid JSON' }, 400);
  }
  const missing = ['name', 'email'].filter(field => !(field in data));
  if (missing.length > 0) {
    return new Response(
      { error: `Missing fields: ${missing.join(', ')}` },
      400,
    );
  }
  return new Response({ created: data.name });
});

// Async Patterns
const jobs = new Map<string, string>();
router.onRequest('/async/job', function startJob() {
  const jobId = crypto.randomUUID();
  jobs.set(jobId, 'pending');
  return new Response(
    { job_id: jobId, status: 'pending', check_url: `/async/job/${jobId}` },
    202,
  );
});
router.onRequest('/async/job/{id}', function checkJob(request) {
  const jobId = request.params.id;
  return new Response({ job_id: jobId, status: jobs.get(jobId) ?? 'unknown' });
});

export const box = new SyftEvents('docs_examples');
box.includeRouter(router);

if (require.main === module) void box.runForever();
