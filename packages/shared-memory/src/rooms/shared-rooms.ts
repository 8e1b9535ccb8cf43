import type { EventSubscription } from '../event-bus/event-bus.interfaces';
import type { MemoryEventBus } from '../event-bus/memory-event-bus';
import { assertChannelName, isAlive } from '../messaging/channel-name.util';
import type { SharedMemoryPool } from '../pool/shared-memory-pool';
import type {
  RoomHistoryOptions,
  RoomMember,
  RoomMessage,
} from './room.interface';

/** The pool key that holds every room's members. */
const MEMBERS_KEY = 'mvent.rooms.members';
const DEFAULT_HISTORY_LIMIT = 100;

type MemberTable = Record<string, Record<string, RoomMember>>;

/** What a room message carries on the log. */
interface WireMessage {
  from: string;
  message: unknown;
}

/**
 * Chat-like rooms shared by every process attached to the pool (Python mvent's
 * SocketsManager, across processes). Messages go through the pool's log, so concurrent
 * senders in several processes lose nothing and each sender's order is kept; membership is
 * one pool entry updated atomically. A new subscriber starts at the tail unless it asks for
 * history. History is bounded by the log's retention.
 *
 * @example
 * ```ts
 * rooms.connect('lobby', { name: 'ada' });
 * rooms.subscribe('lobby', m => console.log(`${m.from}: ${m.message}`));
 * await rooms.send('lobby', 'hello');
 * rooms.history('lobby', { limit: 20 });
 * ```
 * @publicApi
 */
export class SharedRooms {
  /** This process's member name in each room it joined. */
  private readonly joined = new Map<string, string>();

  constructor(
    private readonly bus: MemoryEventBus,
    private readonly pool: SharedMemoryPool,
  ) {}

  /** Joins `room` as `name` (default `pid-<pid>`). @throws TypeError for an invalid room name */
  connect(
    room: string,
    { name = `pid-${process.pid}` }: { name?: string } = {},
  ): RoomMember {
    assertChannelName('room', room);
    const member: RoomMember = { name, pid: process.pid, joinedAt: Date.now() };
    this.pool.updateInternal<MemberTable>(MEMBERS_KEY, parseMembers, table => ({
      ...table,
      [room]: { ...table?.[room], [name]: member },
    }));
    this.joined.set(room, name);
    return member;
  }

  /** Leaves `room`. */
  disconnect(room: string): void {
    const name = this.joined.get(room);
    if (name === undefined) return;
    this.joined.delete(room);
    // A closed pool: nothing to write; readers skip members whose process is gone.
    if (this.pool.isClosed) return;
    this.pool.updateInternal<MemberTable>(MEMBERS_KEY, parseMembers, table => {
      const { [name]: _left, ...rest } = table?.[room] ?? {};
      const { [room]: _room, ...others } = table ?? {};
      return Object.keys(rest).length > 0
        ? { ...others, [room]: rest }
        : others;
    });
  }

  /** Leaves every room this instance joined. */
  disconnectAll(): void {
    for (const room of [...this.joined.keys()]) this.disconnect(room);
  }

  /** Leaves the rooms when the application shuts down. */
  onApplicationShutdown(): void {
    this.disconnectAll();
  }

  /**
   * Sends `message` to everyone subscribed to `room`, as this process's member name there
   * (or `pid-<pid>` if it did not connect). Resolves with the message's sequence number.
   */
  send<T>(room: string, message: T): Promise<number> {
    assertChannelName('room', room);
    const wire: WireMessage = {
      from: this.joined.get(room) ?? `pid-${process.pid}`,
      message,
    };
    return this.bus.publish(eventOf(room), wire);
  }

  /** Calls `handler` with each message sent to `room` from now on (or the last `last` first). */
  subscribe<T = unknown>(
    room: string,
    handler: (message: RoomMessage<T>) => unknown,
    options: { last?: number } = {},
  ): EventSubscription {
    assertChannelName('room', room);
    return this.bus.on<WireMessage>(
      eventOf(room),
      (wire, envelope) =>
        handler(
          toMessage<T>(room, envelope.seq, wire, envelope.origin, envelope.ts),
        ),
      { last: options.last, name: `room ${room}` },
    );
  }

  /** The latest messages of `room`, oldest first. */
  history<T = unknown>(
    room: string,
    options: RoomHistoryOptions = {},
  ): RoomMessage<T>[] {
    assertChannelName('room', room);
    const limit = options.limit ?? DEFAULT_HISTORY_LIMIT;
    const since = options.since === undefined ? 0 : +options.since;
    const event = eventOf(room);
    const messages: RoomMessage<T>[] = [];
    for (const { seq, record } of this.pool.events.readBackwards()) {
      if (messages.length >= limit || record.timestamp < since) break;
      if (record.name !== event) continue;
      const wire = this.pool.decodeLogValue(record) as WireMessage;
      messages.unshift(
        toMessage<T>(room, seq, wire, record.pid, record.timestamp),
      );
    }
    return messages;
  }

  /** The live members of `room` (members of processes that died are left out). */
  members(room: string): RoomMember[] {
    const table = this.pool.getInternal(MEMBERS_KEY, parseMembers) ?? {};
    return Object.values(table[room] ?? {}).filter(member =>
      isAlive(member.pid),
    );
  }

  /** Every room with at least one live member, with its members. */
  rooms(): { room: string; members: RoomMember[] }[] {
    const table = this.pool.getInternal(MEMBERS_KEY, parseMembers) ?? {};
    return Object.keys(table)
      .map(room => ({ room, members: this.members(room) }))
      .filter(({ members }) => members.length > 0);
  }
}

function eventOf(room: string): string {
  return `mvent.room.${room}`;
}

function toMessage<T>(
  room: string,
  seq: number,
  wire: WireMessage,
  pid: number,
  ts: number,
): RoomMessage<T> {
  return { seq, room, from: wire.from, pid, message: wire.message as T, ts };
}

/** The member table as stored, or `undefined` when the entry holds anything else. */
function parseMembers(value: unknown): MemberTable | undefined {
  const isObject = (candidate: unknown): candidate is Record<string, unknown> =>
    typeof candidate === 'object' &&
    candidate !== null &&
    !Array.isArray(candidate);
  if (!isObject(value)) return undefined;
  const valid = Object.values(value).every(
    members =>
      isObject(members) &&
      Object.values(members).every(
        member => isObject(member) && Number.isSafeInteger(member.pid),
      ),
  );
  return valid ? (value as MemberTable) : undefined;
}
