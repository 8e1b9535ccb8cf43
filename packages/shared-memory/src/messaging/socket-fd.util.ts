import type { Socket } from 'node:net';

/** The file descriptor libuv keeps on a socket's handle (undocumented, stable on Unix). */
interface HandleWithFd {
  _handle?: { fd?: number };
}

/** The file descriptor of a connected socket, or `undefined` where libuv shows none. */
export function socketFd(socket: Socket): number | undefined {
  const fd = (socket as unknown as HandleWithFd)._handle?.fd;
  return typeof fd === 'number' && fd >= 0 ? fd : undefined;
}
