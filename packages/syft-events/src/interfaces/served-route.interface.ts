import type { RpcRequest } from '@mvent/core';

/** A route as the server runs it. */
export interface ServedRoute {
  /** Serves one request; resolves to the handler's return value. */
  invoke: (request: RpcRequest) => Promise<unknown>;
  /** `Class.method` or the function name, for logs and debug bodies. */
  name: string;
  /** Encrypt the reply to the sender (X3DH). */
  encryptReply?: boolean;
}
