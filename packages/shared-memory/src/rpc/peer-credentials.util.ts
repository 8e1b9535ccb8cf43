import type { Socket } from 'node:net';
import type { PeerCredentials } from '@mvent/core';
import { socketFd } from '../messaging/socket-fd.util';
import { loadNativeAddon } from '../native/native-addon';

/**
 * The process at the other end of a Unix socket, as the kernel knows it (`SO_PEERCRED`), or
 * `undefined` where that cannot be read (not Linux, no native addon).
 */
export function peerCredentialsOf(socket: Socket): PeerCredentials | undefined {
  const fd = socketFd(socket);
  const native = loadNativeAddon();
  if (native === null || fd === undefined) return undefined;
  try {
    return native.peerCredentials(fd);
  } catch {
    return undefined;
  }
}
