import type { DynamicModule } from '@mvent/core';
import {
  APP_GUARD,
  APP_INTERCEPTOR,
  AuditInterceptor,
  AuditModule,
  Module,
  seconds,
  ThrottlerGuard,
  ThrottlerModule,
} from '@mvent/core';
import { SharedMemoryModule } from '@mvent/shared-memory';
import type { SyftBoxConfig } from '@mvent/syft-events';
import { SyftEventsModule } from '@mvent/syft-events';
import { NotesController } from './notes.controller';
import { TokenStore } from './token-store';

/** Where the demo runs: a SyftBox folder, a pool, and the audit log. */
export interface DemoSettings {
  syftbox: SyftBoxConfig;
  pool: string;
  poolDir?: string;
  auditPath: string;
}

/** The app's name in SyftBox URLs. */
export const APP_NAME = 'notes';

/**
 * Serves the notes over SyftBox and memory RPC at once, with one pipeline: the throttler
 * (3 calls per 10 s per sender, counted in the pool) and the audit log on every route, the
 * bearer guard, the filter and a timeout on the controller.
 */
@Module({})
export class AppModule {
  static forDemo(settings: DemoSettings): DynamicModule {
    return {
      module: AppModule,
      imports: [
        SyftEventsModule.forRoot({
          appName: APP_NAME,
          config: settings.syftbox,
        }),
        SharedMemoryModule.forRoot({
          name: settings.pool,
          dir: settings.poolDir,
          rpc: true,
        }),
        ThrottlerModule.forRoot([{ ttl: seconds(10), limit: 3 }]),
        AuditModule.forRoot({ path: settings.auditPath }),
      ],
      controllers: [NotesController],
      providers: [
        TokenStore,
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
      ],
    };
  }
}
