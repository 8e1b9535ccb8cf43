import { closeSync, existsSync } from 'node:fs';
import { getSystemErrorName } from 'node:util';
import { Logger } from '@mvent/core';
import { constants } from 'node:os';
import { dirname } from 'node:path';
import type { ParkedReader } from '../event-log/parked-readers';
import type { ProcessRecord } from '../pool/process-record';
import { socketsOf } from '../pool/process-record';
import { ensureOwnedDirectory } from '../pool/owned-directory.util';
import type { WakeupHandle } from '../native/native-addon';
import { requireNativeAddon } from '../native/native-addon';
import {
  removeSocketFile,
  removeSocketsOfDeadProcesses,
  restrictToOwner,
  socketPathFor,
} from '../messaging/socket-path.util';

/** What connecting to a socket nobody listens on any more gives. */
const NOBODY_THERE = new Set([
  -constants.errno.ECONNREFUSED,
  -constants.errno.ENOENT,
]);
/** Peers' socket paths remembered at most (a long-lived process meets many pids). */
const MAX_PEER_PATHS = 1024;
/** Channels made in this process, numbered so that two buses never share a socket file. */
let channelsMade = 0;
/** The open channels of each pool in this process: they wake each other without a socket. */
const localChannels = new Map<string, Set<WakeupChannel>>();

/**
 * Wakes parked readers: each bus binds a Unix datagram socket (`<pid>-<bus>.sock`), polled by
 * the addon; a writer that finds a reader parked sends it one byte from a socket connected to
 * it (one per peer, kept). Any byte received asks for a drain of the log. Buses of one process
 * wake each other without a socket.
 */
export class WakeupChannel {
  readonly socketPath: string;
  /** This bus's number in its process: its socket is `<pid>-<busNumber>.sock`. */
  readonly busNumber = ++channelsMade;
  private readonly native = requireNativeAddon('the event bus');
  private listening: WakeupHandle | undefined;
  private keepAlive = false;
  /** A connected socket per peer's socket path. */
  private readonly peers = new Map<string, number>();
  private readonly peerPaths = new Map<string, string>();
  /** Peers' sockets that could not be connected to, warned about once. */
  private readonly unreachable = new Set<string>();
  private readonly logger = new Logger('MemoryEventBus');
  private closed = false;

  constructor(
    private readonly poolPath: string,
    private readonly onWake: () => void,
    /** Called once when polling the socket fails (the bus then reads by its safety poll). */
    private readonly onBroken: (reason: string) => void,
  ) {
    this.socketPath = socketPathFor(
      poolPath,
      `${process.pid}-${this.busNumber}.sock`,
    );
    if (!localChannels.has(poolPath)) localChannels.set(poolPath, new Set());
    localChannels.get(poolPath)!.add(this);
  }

  /** Binds the socket; resolves once peers can wake this bus. */
  listen(): Promise<void> {
    try {
      removeSocketsOfDeadProcesses(dirname(this.socketPath));
      this.bind();
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(
        error instanceof Error ? error : new Error(String(error)),
      );
    }
  }

  /**
   * Binds the socket again when its file is gone (a cleaner of the temp folder, a hand):
   * peers would find nobody there, and this bus would hear of their events by its safety
   * poll only. Whether it did; throws when binding fails.
   */
  rebindIfGone(): boolean {
    if (!this.listening || this.closed || existsSync(this.socketPath)) {
      return false;
    }
    this.native.wakeClose(this.listening);
    this.listening = undefined;
    ensureOwnedDirectory(dirname(this.socketPath), 'socket folder'); // if it went too
    this.bind();
    return true;
  }

  /** Keeps the process alive while someone listens for events. */
  setKeepAlive(keepAlive: boolean): void {
    this.keepAlive = keepAlive;
    if (this.listening) this.native.wakeKeepAlive(this.listening, keepAlive);
  }

  /**
   * Connects to every socket of the `peers`, ahead of the first wake-up, and lets go of the
   * sockets of processes no longer among them. `onDead(peer)` runs when nobody listens on a
   * socket of `peer`.
   */
  linkPeers(
    peers: ProcessRecord[],
    onDead: (peer: ProcessRecord) => void,
  ): void {
    const current = new Set<string>();
    for (const peer of peers) {
      if (peer.pid === process.pid) continue;
      for (const socket of socketsOf(peer)) {
        current.add(socket);
        const fd = this.connect(socket);
        if (NOBODY_THERE.has(fd)) onDead(peer);
        else if (fd < 0) this.warnUnreachable(socket, fd);
      }
    }
    for (const path of this.peers.keys()) {
      if (!current.has(path)) this.disconnect(path);
    }
  }

  /** Wakes the parked reader `reader`: a bus of this process directly, another by its socket. */
  wake({ pid, bus }: ParkedReader): void {
    if (pid === process.pid) {
      for (const sibling of localChannels.get(this.poolPath) ?? []) {
        if (sibling.busNumber === bus) sibling.onWake();
      }
      return;
    }
    const path = this.peerPath(pid, bus);
    const fd = this.connect(path);
    // Nobody listening there: its process is gone, or its bus closed (the safety poll covers).
    if (fd >= 0 && !this.native.nudge(fd)) this.disconnect(path);
  }

  /** Closes the socket, every connection and the socket file. */
  close(): Promise<void> {
    this.closed = true;
    localChannels.get(this.poolPath)?.delete(this);
    if (localChannels.get(this.poolPath)?.size === 0) {
      localChannels.delete(this.poolPath);
    }
    for (const path of [...this.peers.keys()]) this.disconnect(path);
    if (this.listening) {
      this.native.wakeClose(this.listening);
      this.listening = undefined;
      removeSocketFile(this.socketPath);
    }
    return Promise.resolve();
  }

  private bind(): void {
    removeSocketFile(this.socketPath);
    this.listening = this.native.wakeListen(this.socketPath, error => {
      if (error === 0) this.onWake();
      else this.onBroken(`polling its socket failed (errno ${error})`);
    });
    this.native.wakeKeepAlive(this.listening, this.keepAlive);
    restrictToOwner(this.socketPath);
  }

  /**
   * The socket path of bus `bus` of process `pid`, worked out once: finding it checks the
   * socket folder on disk, which cost more than the wake-up itself when done per event.
   */
  private peerPath(pid: number, bus: number): string {
    const file = `${pid}-${bus}.sock`;
    let path = this.peerPaths.get(file);
    if (path === undefined) {
      path = socketPathFor(this.poolPath, file);
      if (this.peerPaths.size >= MAX_PEER_PATHS) this.peerPaths.clear();
      this.peerPaths.set(file, path);
    }
    return path;
  }

  /**
   * The socket connected to `socketPath`, connected now if it is not yet; minus the errno
   * when that fails (nobody listens there: {@link NOBODY_THERE}, or another error).
   */
  private connect(socketPath: string): number {
    const known = this.peers.get(socketPath);
    if (known !== undefined) return known;
    if (this.closed) return -constants.errno.EBADF;
    const fd = this.native.wakeConnect(socketPath);
    if (fd >= 0) {
      this.peers.set(socketPath, fd);
      this.unreachable.delete(socketPath);
    }
    return fd;
  }

  /** Warns once per socket that a live peer cannot be woken (it reads by its safety poll). */
  private warnUnreachable(socketPath: string, errno: number): void {
    if (this.unreachable.has(socketPath)) return;
    if (this.unreachable.size >= MAX_PEER_PATHS) this.unreachable.clear();
    this.unreachable.add(socketPath);
    this.logger.warn(
      `Cannot connect to ${socketPath} (${errorName(errno)}): that process is woken by its safety poll only, every 100 ms to 1 s.`,
    );
  }

  private disconnect(socketPath: string): void {
    const fd = this.peers.get(socketPath);
    this.peers.delete(socketPath);
    if (fd !== undefined) closeSync(fd);
  }
}

/** `ECONNREFUSED` for minus its errno. */
function errorName(negativeErrno: number): string {
  try {
    return getSystemErrorName(negativeErrno);
  } catch {
    return `errno ${-negativeErrno}`;
  }
}
