/**
 * What a route returns to choose the status code and headers; any other return value is
 * the body of a 200.
 *
 * @example
 * ```ts
 * return new Response({ created: true }, 201, { Location: '/x/1' });
 * ```
 * @publicApi
 */
export class Response<B = unknown> {
  constructor(
    /** The body, serialised by the transport (`null` for none). */
    readonly body: B | null = null,
    readonly statusCode = 200,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {}
}
