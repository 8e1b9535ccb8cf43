/**
 * A member of a room.
 *
 * @publicApi
 */
export interface RoomMember {
  /** The member's name, unique in the room (default: `pid-<pid>`). */
  name: string;
  pid: number;
  /** When it connected (ms since the epoch). */
  joinedAt: number;
}

/**
 * A message sent to a room.
 *
 * @publicApi
 */
export interface RoomMessage<T = unknown> {
  /** Its position in the pool's log: shared by every sender, strictly increasing. */
  seq: number;
  room: string;
  /** The sender's member name. */
  from: string;
  /** The sender's pid. */
  pid: number;
  message: T;
  /** When it was sent (ms since the epoch). */
  ts: number;
}

/**
 * Options of `rooms.history()`.
 *
 * @publicApi
 */
export interface RoomHistoryOptions {
  /** At most this many messages, the newest. @default 100 */
  limit?: number;
  /** Only messages sent at or after this time (a Date or ms since the epoch). */
  since?: Date | number;
}
