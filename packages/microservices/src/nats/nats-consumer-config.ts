import type { TransportSubscribeOptions } from '@mvent/core';
import type { ConsumerConfig } from '@nats-io/jetstream';
import type { SubscriptionSettings } from '../delivery/subscription-settings';
import { natsLibraries } from './nats-libraries';
import type { NatsSettings } from './nats-transport';

/**
 * The JetStream consumer of one `@OnEvent` subscription: explicit acknowledgements, one
 * delivery more than `maxDeliver` (so that a process that dies on its last attempt still gets
 * the event dead-lettered), and where to start (new events, a sequence, a time, or the latest
 * per subject).
 */
export function consumerConfig(
  settings: SubscriptionSettings,
  subject: string,
  options: TransportSubscribeOptions,
  transport: NatsSettings,
): Partial<ConsumerConfig> {
  const { jetstream, nats } = natsLibraries();
  const config: Partial<ConsumerConfig> = {
    ack_policy: jetstream.AckPolicy.Explicit,
    filter_subject: subject,
    // One more than ours: a process that dies on its last attempt still gets it dead-lettered.
    max_deliver: settings.maxDeliver + 1,
    ack_wait: nats.nanos(settings.ackWait),
    max_ack_pending: 1000,
    deliver_policy: jetstream.DeliverPolicy.New,
  };
  // Durable, so that it has the stream's replicas (an ephemeral consumer has one, and dies
  // with its node); a broadcast subscriber's is cleaned up once abandoned.
  config.durable_name = settings.consumerName;
  if (!settings.group) {
    config.inactive_threshold = nats.nanos(
      transport.broadcastInactiveThreshold,
    );
  }
  if (options.from !== undefined) {
    config.deliver_policy = jetstream.DeliverPolicy.StartSequence;
    config.opt_start_seq = options.from;
  } else if (options.since !== undefined) {
    config.deliver_policy = jetstream.DeliverPolicy.StartTime;
    config.opt_start_time = options.since.toISOString();
  } else if (options.replay === 'latest') {
    config.deliver_policy = jetstream.DeliverPolicy.LastPerSubject;
  }
  return config;
}
