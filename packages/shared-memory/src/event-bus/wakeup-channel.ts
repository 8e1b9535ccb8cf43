import type { Server, Socket } from 'node:net';
import { createConnection, createServer } from 'node:net';
import { dirname } from 'node:path';
import type { ParkedReader } from '../event-log/parked-readers';
import type { ProcessRecord } from '../pool/process-record';
import { socketsOf } from '../pool/process-record';
import { socketFd } from '../messaging/socket-fd.util';
import { loadNativeAddon } from '../native/native-addon';
import {
  removeSocketFile,
  removeSocketsOfDeadProcesses,
  restrictToOwner,
  socketPathFor,
} from '../messaging/socket-path.util';

const NUDGE = Buffer.from([1]);
const native = loadNativeAddon();
/** Peers' socket paths remembered at most (a long-lived process meets many pids). */
const MAX_PEER_PATHS = 1024;
/** Channels made in this process, numbered so that two buses never share a socket file. */
let channelsMade = 0;
/** The open channels of each pool in this process: they wake each other without a socket. */
const localChannels = new Map<string, Set<WakeupChannel>>();

/**
 * Wakes parked readers: each bus listens on a Unix socket (`<pid>-<bus>.sock`) and keeps a
 * connection to every peer's; a writer that finds a reader parked writes one byte to it.
 * Any byte received asks for a drain of the log. Buses of one process wake each other
 * without a socket.
 */
export class WakeupChannel {
  readonly socketPath: string;
  /** This bus's number in its process: its socket is `<pid>-<busNumber>.sock`. */
  readonly busNumber = ++channelsMade;
  private readonly server: Server;
  private readonly sockets = new Map<string, Socket>();
  private readonly incoming = new Set<Socket>();
  private readonly peerPaths = new Map<string, string>();
  private closed = false;

  constructor(
    private readonly poolPath: string,
    private readonly onWake: () => void,
  ) {
    this.socketPath = socketPathFor(
      poolPath,
      `${process.pid}-${this.busNumber}.sock`,
    );
    if (!localChannels.has(poolPath)) localChannels.set(poolPath, new Set());
    localChannels.get(poolPath)!.add(this);
    this.server = createServer(socket => {
      this.adopt(socket, this.incoming);
      // A new peer may have emitted before it could nudge us.
      this.onWake();
    });
    this.server.unref();
  }

  /** Starts listening; resolves once peers can connect. */
  listen(): Promise<void> {
    removeSocketsOfDeadProcesses(dirname(this.socketPath));
    removeSocketFile(this.socketPath);
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.socketPath, () => {
        try {
          restrictToOwner(this.socketPath);
          resolve();
        } catch (error) {
          // The file was removed under it: no peer could reach it.
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
  }

  /** Keeps the process alive while someone listens for events. */
  setKeepAlive(keepAlive: boolean): void {
    if (keepAlive) {
      this.server.ref();
    } else {
      this.server.unref();
    }
  }

  /**
   * Connects to every socket of the `peers`, ahead of the first wake-up. `onDead(peer)` runs
   * when nobody listens on a socket of `peer`.
   */
  linkPeers(
    peers: ProcessRecord[],
    onDead: (peer: ProcessRecord) => void,
  ): void {
    for (const peer of peers) {
      if (peer.pid === process.pid) continue;
      for (const socket of socketsOf(peer)) {
        this.connect(socket, () => onDead(peer));
      }
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
    // Nobody listening there: its process is gone, or its bus closed (the safety poll covers).
    this.connect(path, () => undefined);
    const socket = this.sockets.get(path);
    if (socket && !socket.destroyed && socket.writable) nudge(socket);
  }

  /** Closes the server, every connection and the socket file. */
  async close(): Promise<void> {
    this.closed = true;
    localChannels.get(this.poolPath)?.delete(this);
    if (localChannels.get(this.poolPath)?.size === 0) {
      localChannels.delete(this.poolPath);
    }
    for (const socket of [...this.sockets.values(), ...this.incoming]) {
      socket.destroy();
    }
    await new Promise<void>(resolve => this.server.close(() => resolve()));
    removeSocketFile(this.socketPath);
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

  /** Connects to `socketPath` unless already connected; `onDead` runs if nobody listens there. */
  private connect(socketPath: string, onDead: () => void): void {
    if (this.closed || this.sockets.has(socketPath)) {
      return;
    }
    const socket = createConnection(socketPath);
    this.sockets.set(socketPath, socket);
    socket.on('error', error => {
      this.sockets.delete(socketPath);
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ECONNREFUSED' || code === 'ENOENT') {
        onDead();
      }
    });
    socket.on('close', () => this.sockets.delete(socketPath));
    this.adopt(socket);
  }

  private adopt(socket: Socket, group?: Set<Socket>): void {
    socket.unref();
    socket.setNoDelay(true);
    group?.add(socket);
    socket.on('data', () => this.onWake());
    socket.on('error', () => undefined);
    socket.on('close', () => group?.delete(socket));
  }
}

/**
 * Writes a wake-up byte: by one system call through the addon, or through Node's stream where
 * that fails (Node then reports the error and closes the socket).
 */
function nudge(socket: Socket): void {
  const fd = socketFd(socket);
  if (fd !== undefined && native?.nudge(fd)) return;
  socket.write(NUDGE);
}
