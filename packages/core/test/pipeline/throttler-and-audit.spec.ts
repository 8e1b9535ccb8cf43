import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditRecord } from '@mvent/core';
import {
  APP_GUARD,
  APP_INTERCEPTOR,
  AuditInterceptor,
  AuditModule,
  Controller,
  DiscoveryModule,
  HttpException,
  Module,
  NotFoundException,
  OnRequest,
  SkipThrottle,
  Throttle,
  ThrottlerException,
  ThrottlerGuard,
  ThrottlerModule,
  seconds,
} from '@mvent/core';
import { createTempDir } from '@mvent/testing';
import { rejection, serveRoutes } from './pipeline-fixture';

@Controller()
class LimitedController {
  @OnRequest('/limited')
  limited() {
    return 'ok';
  }

  @Throttle({ default: { limit: 1 } })
  @OnRequest('/strict')
  strict() {
    return 'ok';
  }

  @SkipThrottle()
  @OnRequest('/free')
  free() {
    return 'ok';
  }

  @OnRequest('/missing')
  missing() {
    throw new NotFoundException('nothing here');
  }
}

async function limitedApp(auditPath?: string) {
  @Module({
    imports: [
      DiscoveryModule,
      ThrottlerModule.forRoot([{ ttl: seconds(60), limit: 2 }]),
      ...(auditPath ? [AuditModule.forRoot({ path: auditPath })] : []),
    ],
    controllers: [LimitedController],
    providers: [
      { provide: APP_GUARD, useClass: ThrottlerGuard },
      ...(auditPath
        ? [{ provide: APP_INTERCEPTOR, useClass: AuditInterceptor }]
        : []),
    ],
  })
  class LimitedModule {}
  return serveRoutes(LimitedModule);
}

describe('ThrottlerModule (in this process)', () => {
  it('refuses with 429 past the limit, per sender, per handler', async () => {
    const { app, call } = await limitedApp();
    await expect(call('/limited')).resolves.toBe('ok');
    await expect(call('/limited')).resolves.toBe('ok');
    const refused = await rejection(call('/limited'));
    expect(refused).toBeInstanceOf(ThrottlerException);
    expect((refused as HttpException).getStatus()).toBe(429);
    expect((refused as ThrottlerException).retryAfter).toBeGreaterThan(50);
    // Another sender, and another handler, have counters of their own.
    await expect(
      call('/limited', { sender: 'carol@example.com' }),
    ).resolves.toBe('ok');
    await expect(call('/strict')).resolves.toBe('ok');
    await expect(rejection(call('/strict'))).resolves.toBeInstanceOf(
      ThrottlerException,
    );
    for (let i = 0; i < 5; i++) {
      await expect(call('/free')).resolves.toBe('ok');
    }
    await app.close();
  });

  it('refuses a limit that cannot work', () => {
    expect(() => ThrottlerModule.forRoot([{ ttl: 0, limit: 1 }])).toThrow(
      /limit #0 needs a ttl in ms above 0/,
    );
  });
});

describe('AuditInterceptor with the JSON-lines sink', () => {
  it('records every call with its transport, sender, route, status and duration', async () => {
    const dir = await createTempDir('mvent-audit-');
    const path = join(dir.path, 'audit', 'requests.jsonl');
    const { app, call } = await limitedApp(path);
    await call('/limited', { sender: 'ada@example.com' });
    await rejection(call('/missing'));
    await call('/strict');
    await rejection(call('/strict')); // refused by the guard: never reaches the interceptor
    await app.close(); // closes the file
    const records = (await readFile(path, 'utf8'))
      .trim()
      .split('\n')
      .map(line => JSON.parse(line) as AuditRecord);
    expect(records).toEqual([
      expect.objectContaining({
        transport: 'test',
        sender: 'ada@example.com',
        route: '/limited',
        handler: 'LimitedController.limited',
        status: 200,
      }),
      expect.objectContaining({
        route: '/missing',
        status: 404,
        error: 'nothing here',
      }),
      expect.objectContaining({ route: '/strict', status: 200 }),
    ]);
    for (const record of records) {
      expect(Date.parse(record.time)).not.toBeNaN();
      expect(record.durationMs).toBeGreaterThanOrEqual(0);
    }
    await dir.remove();
  });
});
