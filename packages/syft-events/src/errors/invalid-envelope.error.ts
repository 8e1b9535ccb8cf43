import { INVALID_ENVELOPE_MESSAGE } from './messages';
import { SyftEventsError } from './syft-events.error';

/**
 * A `.request` or `.response` file is not a valid envelope (JSON, fields, encodings).
 *
 * @publicApi
 */
export class InvalidEnvelopeError extends SyftEventsError {
  constructor(
    readonly kind: 'request' | 'response',
    readonly reason: string,
  ) {
    super('SYFT_INVALID_ENVELOPE', INVALID_ENVELOPE_MESSAGE(kind, reason));
  }
}
