import type { OnEventOptions, TransportSubscribeOptions } from '@mvent/core';
import { UnsupportedEventOptionError } from '@mvent/core';
import { createHash, randomUUID } from 'node:crypto';
import micromatch from 'micromatch';

/** A subscription's settings on a durable transport, defaults filled in. */
export interface SubscriptionSettings {
  /** The consumer or group name: the same for every member of a group on one pattern. */
  consumerName: string;
  group: string | undefined;
  maxDeliver: number;
  ackWait: number;
  /** Whether an event name matches the pattern (glob syntax beyond what the server filters). */
  matches: (event: string) => boolean;
}

/**
 * Checks the options a durable transport cannot honour and fills in the defaults. A group's
 * consumer is named after the group and the pattern, so that every member of the group
 * shares it and two patterns of one group keep their own positions.
 *
 * @throws UnsupportedEventOptionError for `last` or `onGap` (no retention gaps on a stream)
 * @throws TypeError for a `maxDeliver` below 1 or an `ackWait` below 100 ms
 */
export function subscriptionSettings(
  transport: string,
  pattern: string,
  options: TransportSubscribeOptions,
  defaults: { maxDeliver: number; ackWait: number },
  unsupported: readonly (keyof OnEventOptions)[] = [],
): SubscriptionSettings {
  UnsupportedEventOptionError.assertNone(transport, options.name, options, [
    'last',
    'onGap',
    ...unsupported,
  ]);
  const maxDeliver = options.maxDeliver ?? defaults.maxDeliver;
  const ackWait = options.ackWait ?? defaults.ackWait;
  if (!Number.isInteger(maxDeliver) || maxDeliver < 1) {
    throw new TypeError(
      `${options.name}: maxDeliver must be an integer of 1 or more`,
    );
  }
  if (!Number.isFinite(ackWait) || ackWait < 100) {
    throw new TypeError(`${options.name}: ackWait must be 100 ms or more`);
  }
  const hash = createHash('sha256').update(pattern).digest('hex').slice(0, 10);
  const group = options.group;
  const consumerName = group
    ? `${group.replace(/[^A-Za-z0-9_-]/g, '_')}_${hash}`
    : `mvent_bc_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const isMatch = micromatch.matcher(pattern.replaceAll('.', '/'), {
    dot: true,
  });
  return {
    consumerName,
    group,
    maxDeliver,
    ackWait,
    matches: event => isMatch(event.replaceAll('.', '/')),
  };
}

/** How long to wait before redelivering an event whose handler threw for the `attempt`th time. */
export function retryDelayMs(attempt: number): number {
  return Math.min(100 * 2 ** (attempt - 1), 5000);
}
