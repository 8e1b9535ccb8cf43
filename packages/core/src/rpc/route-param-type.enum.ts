/**
 * What a route parameter decorator injects.
 *
 * @publicApi
 */
export enum RouteParamType {
  /** The body, or one of its properties (`@Body()`). */
  BODY = 'body',
  /** The whole request (`@Req()`). */
  REQUEST = 'request',
  /** The caller's identity, as it claims it (`@Sender()`). */
  SENDER = 'sender',
  /** The calling process, as the kernel knows it (`@Peer()`). */
  PEER = 'peer',
  /** The headers, or one of them (`@Headers()`). */
  HEADERS = 'headers',
  /** The query, or one of its values (`@Query()`). */
  QUERY = 'query',
  /** A path parameter such as `{id}` in `/data/{id}` (`@Param('id')`). */
  PARAM = 'param',
  /** A decorator made with `createParamDecorator()`. */
  CUSTOM = 'custom',
}
