import type { Socket } from 'node:net';
import type { PeerCredentials } from '@mvent/core';
import { loadNativeAddon } from '../native/native-addon';

/** The file descriptor libuv keeps on a socket's handle (undocumented, stable on Unix). */
interface HandleWithFd {
  _handle?: { fd?: number };
}

/**
 * The process at the other end of a Unix socket, as the kernel knows it (`SO_PEERCRED`), or
 * `undefined` where that cannot be read (not Linux, no native addon).
 */
export function peerCredentialsOf(socket: Socket): PeerCredentials | undefined {
  const fd = (socket as unknown as HandleWithFd)._handle?.fd;
  const native = loadNativeAddon();
  if (native === null || typeof fd !== 'number' || fd < 0) return undefined;
  try {
    return native.peerCredentials(fd);
  } catch {
    return undefined;
  }
}
