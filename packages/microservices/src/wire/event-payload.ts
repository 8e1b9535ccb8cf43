import { MalformedMessageError } from './malformed-message.error';

/**
 * What an event carries on the wire, as JSON: the name (subjects and streams do not keep
 * it exactly), the value, the publisher and the publish time.
 */
export interface EventPayload {
  event: string;
  value: unknown;
  origin: string;
  ts: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * The event as UTF-8 JSON bytes.
 *
 * @throws TypeError when the value has no JSON form (a function, a BigInt, a cycle)
 */
export function encodeEventPayload(payload: EventPayload): Uint8Array {
  if (payload.value === undefined) {
    throw new TypeError(
      `The value of "${payload.event}" is undefined: events carry JSON values (use null).`,
    );
  }
  return encoder.encode(JSON.stringify(payload));
}

/** @throws MalformedMessageError for bytes that are not an event mvent wrote */
export function decodeEventPayload(bytes: Uint8Array): EventPayload {
  let parsed: Partial<EventPayload>;
  try {
    parsed = JSON.parse(decoder.decode(bytes)) as Partial<EventPayload>;
  } catch (error) {
    throw new MalformedMessageError('event', (error as Error).message);
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    typeof parsed.event !== 'string' ||
    !('value' in parsed) ||
    typeof parsed.origin !== 'string' ||
    typeof parsed.ts !== 'number'
  ) {
    throw new MalformedMessageError(
      'event',
      'expected {event, value, origin, ts}',
    );
  }
  return parsed as EventPayload;
}
