import type { TransportRequest, TransportResponse } from '@mvent/core';
import { stringifyJson } from '@mvent/core';
import { randomUUID } from 'node:crypto';
import { MalformedMessageError } from './malformed-message.error';
import { PROCESS_ORIGIN } from './origin';

/** A body on the wire: JSON values as they are, text and bytes tagged. */
export type WireBody =
  { json: unknown } | { text: string } | { bytes: string } | null;

/** A request on the wire (NATS request payload, Redis stream entry). */
export interface WireRequest {
  id: string;
  method: string;
  /** The path as the caller wrote it, query included. */
  url: string;
  sender: string;
  headers: Record<string, string>;
  body: WireBody;
  /** When the caller stops waiting, ms since the epoch: later, the request is not served. */
  deadline: number;
}

/** A response on the wire. */
export interface WireResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: WireBody;
  servedBy: string;
  /** The request answered, where responses share a channel (a Redis reply stream). */
  requestId?: string;
}

/** Bytes tagged as bytes (base64), text as text, anything else as a JSON value. */
export function toWireBody(body: unknown): WireBody {
  if (body === undefined || body === null) return null;
  if (body instanceof Uint8Array) {
    return { bytes: Buffer.from(body).toString('base64') };
  }
  if (typeof body === 'string') return { text: body };
  return { json: body };
}

/** The request body as the route reads it: raw bytes (JSON values as their UTF-8 JSON). */
export function wireBodyBytes(body: WireBody): Buffer | null {
  if (body === null) return null;
  if ('bytes' in body) return Buffer.from(body.bytes, 'base64');
  if ('text' in body) return Buffer.from(body.text, 'utf8');
  return Buffer.from(stringifyJson(body.json)!, 'utf8');
}

/** The response body as the caller gets it: bytes as a Buffer, text as text, JSON parsed. */
export function fromWireBody(body: WireBody): unknown {
  if (body === null) return null;
  if ('bytes' in body) return Buffer.from(body.bytes, 'base64');
  if ('text' in body) return body.text;
  return body.json;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** @throws MalformedMessageError for bytes that are not a request mvent wrote */
export function parseWireRequest(bytes: Uint8Array | string): WireRequest {
  const request = parseJson(bytes, 'request') as Partial<WireRequest>;
  if (
    typeof request.id !== 'string' ||
    typeof request.method !== 'string' ||
    typeof request.url !== 'string' ||
    !request.url.startsWith('/') ||
    typeof request.sender !== 'string' ||
    typeof request.deadline !== 'number' ||
    !isStringRecord(request.headers) ||
    !isWireBody(request.body)
  ) {
    throw new MalformedMessageError(
      'request',
      'expected {id, method, url, sender, headers, body, deadline}',
    );
  }
  return request as WireRequest;
}

/** @throws MalformedMessageError for bytes that are not a response mvent wrote */
export function parseWireResponse(bytes: Uint8Array | string): WireResponse {
  const response = parseJson(bytes, 'response') as Partial<WireResponse>;
  if (
    typeof response.statusCode !== 'number' ||
    typeof response.servedBy !== 'string' ||
    !isStringRecord(response.headers) ||
    !isWireBody(response.body)
  ) {
    throw new MalformedMessageError(
      'response',
      'expected {statusCode, headers, body, servedBy}',
    );
  }
  return response as WireResponse;
}

function parseJson(bytes: Uint8Array | string, what: string): object {
  let parsed: unknown;
  try {
    parsed = JSON.parse(
      typeof bytes === 'string' ? bytes : decoder.decode(bytes),
    );
  } catch (error) {
    throw new MalformedMessageError(what, (error as Error).message);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new MalformedMessageError(what, 'not a JSON object');
  }
  return parsed;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every(entry => typeof entry === 'string')
  );
}

function isWireBody(value: unknown): value is WireBody {
  if (value === null) return true;
  if (typeof value !== 'object' || Array.isArray(value)) return false;
  const body = value as Record<string, unknown>;
  return (
    'json' in body ||
    typeof body.text === 'string' ||
    typeof body.bytes === 'string'
  );
}

/** The wire form of a request to `url` that waits `timeout` ms: every transport sends this. */
export function wireRequestOf(
  url: string,
  request: TransportRequest,
  timeout: number,
): WireRequest {
  return {
    id: randomUUID(),
    method: request.method ?? 'GET',
    url,
    sender: request.sender ?? PROCESS_ORIGIN,
    headers: request.headers ?? {},
    body: toWireBody(request.body),
    deadline: Date.now() + timeout,
  };
}

/** A response off the wire as the caller gets it. */
export function toTransportResponse(response: WireResponse): TransportResponse {
  return {
    statusCode: response.statusCode,
    headers: response.headers,
    body: fromWireBody(response.body),
    servedBy: response.servedBy,
  };
}
