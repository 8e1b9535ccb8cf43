/**
 * syft-event's "Using Routers", line by line, and the README's "Async Request Handlers",
 * "Custom Response Objects" and "State Management". Run alone it serves until Ctrl-C.
 */
import { Response } from '@mvent/core';
import { EventRouter, SyftEvents, SyftStatus } from '@mvent/syft-events';

// Create a router for user-related endpoints
const userRouter = new EventRouter();

userRouter.onRequest('/profile', function getProfile(request) {
  const { user_id } = request.json<{ user_id: string }>()!;
  return { user_id, name: 'John Doe' };
});

userRouter.onRequest('/settings', function getSettings(_request) {
  return { theme: 'dark', notifications: true };
});

// Main application
export const box = new SyftEvents('user_service');

// Include the router with a prefix
box.includeRouter(userRouter, '/api/v1/users');

// Async Request Handlers
box.onRequest('/async-task', async function asyncHandler(request) {
  const { task_id } = request.json<{ task_id: string }>()!;
  await new Promise(resolve => setTimeout(resolve, 1000)); // Simulate async work
  return { task_id, status: 'completed' };
});

// Custom Response Objects
box.onRequest('/custom-response', function customHandler() {
  return new Response(
    { message: 'Custom response' },
    SyftStatus.SYFT_201_CREATED,
    { 'X-Custom-Header': 'value' },
  );
});

// State Management
box.state.counter = 0;

box.onRequest('/increment', function increment() {
  box.state.counter = (box.state.counter as number) + 1;
  return { counter: box.state.counter };
});

if (require.main === module) void box.runForever();
