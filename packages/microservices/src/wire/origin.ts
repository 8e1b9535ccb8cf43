import { hostname } from 'node:os';

/** This process as other hosts see it in envelopes and responses: `host/pid`. */
export const PROCESS_ORIGIN = `${hostname()}/${process.pid}`;
