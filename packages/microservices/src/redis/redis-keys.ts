/** The Redis keys of one prefix. */
export class RedisKeys {
  constructor(private readonly prefix: string) {}

  /** The event stream, its sequence counter, and the dedupe marker of a publish id. */
  get events(): string {
    return `{${this.prefix}}:events`;
  }

  get sequence(): string {
    return `{${this.prefix}}:seq`;
  }

  dedupe(id: string): string {
    return `{${this.prefix}}:dedupe:${id}`;
  }

  /** Where events that failed `maxDeliver` times go. */
  get deadLetters(): string {
    return `{${this.prefix}}:dlq`;
  }

  /** The request stream of a route (by its shape, such as `/orders/{}`). */
  route(shape: string): string {
    return `{${this.prefix}-rpc}:route:${shape}`;
  }

  /** The routes being served: a sorted set of route paths scored by when they lapse. */
  get routes(): string {
    return `{${this.prefix}-rpc}:routes`;
  }

  /** A client's reply stream. */
  replies(client: string): string {
    return `{${this.prefix}-rpc}:reply:${client}`;
  }
}
