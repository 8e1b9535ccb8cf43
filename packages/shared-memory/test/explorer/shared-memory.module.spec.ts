import { IsInt, IsString } from 'class-validator';
import { Controller, Injectable, Logger } from '@mvent/core';
import {
  MemoryEventBus,
  InvalidDurationError,
  MemoryEventHandler,
  OnEvent,
  SharedEventsReadinessWatcher,
  SharedMemoryModule,
  SharedMemoryPool,
} from '@mvent/shared-memory';
import type { EventEnvelope } from '@mvent/shared-memory';
import { createTempDir, Test, waitFor } from '@mvent/testing';
import type { TempDir } from '@mvent/testing';

class UserDto {
  @IsInt()
  id!: number;

  @IsString()
  name!: string;
}

abstract class BaseAudit {
  readonly seen: string[] = [];

  @OnEvent('system.*')
  onSystem(_value: unknown, { event }: EventEnvelope) {
    this.seen.push(`base:${event}`);
  }
}

@Injectable()
class Audit extends BaseAudit {}

@Controller()
class UsersController {
  readonly users: UserDto[] = [];

  @OnEvent('user.created')
  onCreated(user: UserDto) {
    this.users.push(user);
  }
}

describe('SharedMemoryModule', () => {
  let dir: TempDir;
  beforeAll(async () => {
    dir = await createTempDir('mvent-module-');
    Logger.overrideLogger(false);
  });
  afterAll(() => dir.remove());

  it('should bind @OnEvent methods (inherited too), validate DTO payloads and close on shutdown', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        SharedMemoryModule.forRootAsync({
          useFactory: async () => ({ name: 'module-spec', dir: dir.path }),
        }),
      ],
      providers: [Audit],
      controllers: [UsersController],
    }).compile();
    await moduleRef.init();
    await moduleRef.get(SharedEventsReadinessWatcher).waitUntilReady();

    const bus = moduleRef.get(MemoryEventBus);
    bus.emit('user.created', { id: 1, name: 'Ada' });
    bus.emit('user.created', { id: 'x', name: 'Bad' });
    bus.emit('user.created', { id: 2, name: 'Grace', admin: true });
    bus.emit('system.boot', true);
    const controller = moduleRef.get(UsersController);
    await waitFor(
      () =>
        moduleRef.get(Audit).seen.length === 1 &&
        bus.getHandlerStats()['UsersController.onCreated']?.invalid === 2,
    );
    expect(controller.users).toEqual([{ id: 1, name: 'Ada' }]);
    expect(controller.users[0]).toBeInstanceOf(UserDto);
    expect(moduleRef.get(Audit).seen).toEqual(['base:system.boot']);

    const pool = moduleRef.get(SharedMemoryPool);
    await moduleRef.close();
    expect(() => pool.get('user.created')).toThrow(/closed/);
  });
});

describe('MemoryEventHandler', () => {
  let dir: TempDir;
  beforeAll(async () => {
    dir = await createTempDir('mvent-handler-');
  });
  afterAll(() => dir.remove());

  it('should subscribe functions and decorated methods, emit with a TTL and clean up', async () => {
    const events = new MemoryEventHandler('handler_pool', { dir: dir.path });
    await events.ready();
    const seen: unknown[] = [];
    events.on('price', (value: number) => seen.push(['fn', value]));
    class Watcher {
      @events.on('price')
      onPrice(value: number) {
        seen.push(['method', value]);
      }
    }
    expect(Watcher).toBeDefined();
    const wrapped = events.on('price')((value: number) =>
      seen.push(['wrapped', value]),
    );
    expect(typeof wrapped).toBe('function');

    events.emit('price', 42, { ttl: '5s' });
    await waitFor(() => seen.length === 3);
    expect(seen).toEqual([
      ['fn', 42],
      ['method', 42],
      ['wrapped', 42],
    ]);
    expect(
      events.pool.get('price', { withMetadata: true })?.expiresAt,
    ).toBeGreaterThan(Date.now());
    // A bare number is seconds, as Python's ttl=2.0.
    const before = Date.now();
    events.emit('price', 43, 2);
    events.emit('quote', 1, { ttl: 0.5 });
    const expiry = (key: string) =>
      events.pool.get(key, { withMetadata: true })!.expiresAt! - before;
    expect(expiry('price')).toBeGreaterThanOrEqual(2000);
    expect(expiry('price')).toBeLessThan(3000);
    expect(expiry('quote')).toBeGreaterThanOrEqual(500);
    expect(expiry('quote')).toBeLessThan(1500);
    expect(() => events.emit('price', 44, -1)).toThrow(InvalidDurationError);
    await events.cleanup();
  });
});
