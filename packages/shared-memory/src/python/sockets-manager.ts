import type { EventSubscription } from '../event-bus/event-bus.interfaces';
import type { RoomMember, RoomMessage } from '../rooms/room.interface';
import { SharedRooms } from '../rooms/shared-rooms';
import type { PoolSource } from './attached-bus';
import { AttachedBus } from './attached-bus';

/**
 * Python mvent's `SocketsManager`, standalone: rooms every process attached to the pool
 * shares, over {@link SharedRooms}. A callback gets the message, as Python's does (the full
 * {@link RoomMessage} is its second argument). Unlike Python's, concurrent senders in
 * several processes lose nothing, and a subscriber starts at the tail: pass `{ last }` to get
 * the latest messages first, or read `history(room)`.
 *
 * @example
 * ```ts
 * const sockets = new SocketsManager();
 * sockets.connect('room1');
 * sockets.subscribe('room1', m => console.log('Room got:', m));
 * await sockets.send('room1', 'This is in RAM only!');
 * await sockets.cleanup();
 * ```
 * @publicApi
 */
export class SocketsManager {
  private readonly attached: AttachedBus;
  private readonly rooms: SharedRooms;
  private readonly subscriptions = new Map<string, EventSubscription[]>();

  /** @param pool an open pool, a pool name or pool options (default the pool `sockets_pool`) */
  constructor(pool?: PoolSource) {
    this.attached = new AttachedBus(pool, 'sockets_pool');
    this.rooms = new SharedRooms(this.attached.bus, this.attached.pool);
  }

  /** Joins `room` (as `pid-<pid>` unless named). @throws TypeError for an invalid room name */
  connect(room: string, options?: { name?: string }): RoomMember {
    return this.rooms.connect(room, options);
  }

  /** Sends `message` to every subscriber of `room`; resolves with its sequence number. */
  send<T>(room: string, message: T): Promise<number> {
    return this.rooms.send(room, message);
  }

  /** Calls `callback` with each message sent to `room` from now on (or the last `last` first). */
  subscribe<T = unknown>(
    room: string,
    callback: (message: T, envelope: RoomMessage<T>) => unknown,
    options?: { last?: number },
  ): EventSubscription {
    const subscription = this.rooms.subscribe<T>(
      room,
      envelope => callback(envelope.message, envelope),
      options,
    );
    this.subscriptions.set(room, [
      ...(this.subscriptions.get(room) ?? []),
      subscription,
    ]);
    return subscription;
  }

  /** The latest messages of `room`, oldest first (at most `limit`, default 100). */
  history<T = unknown>(room: string, limit?: number): RoomMessage<T>[] {
    return this.rooms.history<T>(room, { limit });
  }

  /** The live members of `room`. */
  members(room: string): RoomMember[] {
    return this.rooms.members(room);
  }

  /** Stops this manager's callbacks for `room` and leaves it. */
  disconnect(room: string): void {
    for (const subscription of this.subscriptions.get(room) ?? []) {
      subscription.unsubscribe();
    }
    this.subscriptions.delete(room);
    this.rooms.disconnect(room);
  }

  /** Leaves every room, stops every callback and closes the bus (and the pool, when it opened it). */
  async cleanup(): Promise<void> {
    for (const room of [...this.subscriptions.keys()]) this.disconnect(room);
    this.rooms.disconnectAll();
    await this.attached.close();
  }
}
