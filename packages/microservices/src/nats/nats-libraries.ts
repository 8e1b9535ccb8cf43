import type * as JetStreamModule from '@nats-io/jetstream';
import type * as TransportNodeModule from '@nats-io/transport-node';
import { loadPeer } from '../optional-peer';

type TransportNode = typeof TransportNodeModule;
type JetStreamLibrary = typeof JetStreamModule;

const PACKAGES = ['@nats-io/transport-node', '@nats-io/jetstream'];

/** The NATS client libraries, loaded on first use (they are optional peer dependencies). */
export function natsLibraries(): {
  nats: TransportNode;
  jetstream: JetStreamLibrary;
} {
  return {
    nats: loadPeer<TransportNode>('nats', PACKAGES[0], PACKAGES),
    jetstream: loadPeer<JetStreamLibrary>('nats', PACKAGES[1], PACKAGES),
  };
}
