import { SYFT_METHODS } from '../constants';
import { InvalidEnvelopeError } from '../errors/invalid-envelope.error';
import type {
  SyftMessage,
  SyftMethod,
  SyftRequest,
  SyftResponse,
} from '../interfaces/rpc-envelope.interface';
import { SyftBoxURL } from '../syftbox/syftbox-url';
import { decodeBody, encodeBody } from './body-codec.util';
import { isSyftStatus } from './syft-status';
import { SyftTimestamp } from './syft-timestamp';

const UUID_PATTERN =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reads a `.request` file's text as Python's `SyftRequest.model_validate_json` does:
 * extra keys ignored, `headers` defaulting to `{}`, `method` to GET.
 *
 * @throws InvalidEnvelopeError naming the first problem
 * @publicApi
 */
export function parseRequest(text: string): SyftRequest {
  const raw = parseObject(text, 'request');
  const method = raw.method ?? 'GET';
  if (
    typeof method !== 'string' ||
    !(SYFT_METHODS as readonly string[]).includes(method.toUpperCase())
  ) {
    throw new InvalidEnvelopeError(
      'request',
      `unknown method ${JSON.stringify(method)}`,
    );
  }
  return {
    ...parseMessage(raw, 'request'),
    method: method.toUpperCase() as SyftMethod,
  };
}

/**
 * Reads a `.response` file's text; the status must be a valid SyftStatus.
 *
 * @throws InvalidEnvelopeError
 * @publicApi
 */
export function parseResponse(text: string): SyftResponse {
  const raw = parseObject(text, 'response');
  const statusCode = raw.status_code ?? 200;
  if (!isSyftStatus(statusCode)) {
    throw new InvalidEnvelopeError(
      'response',
      `status_code ${JSON.stringify(statusCode)} is not a SyftStatus`,
    );
  }
  return { ...parseMessage(raw, 'response'), statusCode };
}

/** The exact bytes Python writes for a request: compact JSON, keys in protocol order. @publicApi */
export function formatRequest(request: SyftRequest): string {
  return JSON.stringify({ ...messageFields(request), method: request.method });
}

/** The exact bytes Python writes for a response. @publicApi */
export function formatResponse(response: SyftResponse): string {
  return JSON.stringify({
    ...messageFields(response),
    status_code: response.statusCode,
  });
}

function messageFields(message: SyftMessage): Record<string, unknown> {
  return {
    id: message.id,
    sender: message.sender,
    url: message.url,
    body: encodeBody(message.body),
    headers: message.headers,
    created: message.created.toString(),
    expires: message.expires.toString(),
  };
}

function parseObject(
  text: string,
  kind: 'request' | 'response',
): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidEnvelopeError(
      kind,
      `invalid JSON (${(error as Error).message})`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidEnvelopeError(kind, 'not a JSON object');
  }
  return value as Record<string, unknown>;
}

function parseMessage(
  raw: Record<string, unknown>,
  kind: 'request' | 'response',
): SyftMessage {
  const fail = (reason: string): never => {
    throw new InvalidEnvelopeError(kind, reason);
  };
  const { id, sender, url } = raw;
  if (typeof id !== 'string' || !UUID_PATTERN.test(id))
    fail('`id` must be a UUID');
  if (typeof sender !== 'string') fail('`sender` must be a string');
  try {
    SyftBoxURL.parse(url);
  } catch {
    fail('`url` must be a SyftBox URL');
  }
  const body = decodeBody(raw.body ?? null);
  if (body === undefined) fail('`body` must be base64 or null');
  const headers = raw.headers === undefined ? {} : raw.headers;
  if (!isStringRecord(headers)) fail('`headers` must be an object of strings');
  const created = SyftTimestamp.parse(raw.created);
  const expires = SyftTimestamp.parse(raw.expires);
  if (!created)
    fail('`created` must be an ISO-8601 timestamp with a UTC offset');
  if (!expires)
    fail('`expires` must be an ISO-8601 timestamp with a UTC offset');
  return {
    id: (id as string).toLowerCase(),
    sender: sender as string,
    url: url as string,
    body: body as Buffer | null,
    headers: headers as Record<string, string>,
    created: created!,
    expires: expires!,
  };
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every(v => typeof v === 'string')
  );
}
