/**
 * @mvent/syft-events: SyftBox file RPC. This release holds the wire layer shared by the
 * server and client: SyftBox URLs, config discovery, the request/response envelopes and
 * Python's body serialisation.
 *
 * @packageDocumentation
 */
// SyftBox access
export { SyftBoxURL } from './syftbox/syftbox-url';
export { loadSyftBoxConfig } from './syftbox/syftbox-config';
export type { SyftBoxConfig } from './syftbox/syftbox-config';

// Protocol
export * from './interfaces/rpc-envelope.interface';
export {
  formatRequest,
  formatResponse,
  parseRequest,
  parseResponse,
} from './protocol/rpc-envelope';
export { pythonJsonDumps, serialize } from './protocol/serialize.util';
export { isSyftStatus } from './protocol/syft-status';
export { SyftTimestamp } from './protocol/syft-timestamp';
export { SYSTEM_SENDER } from './constants';

// Errors
export * from './errors';
