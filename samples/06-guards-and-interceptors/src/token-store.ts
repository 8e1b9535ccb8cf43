import { Injectable } from '@mvent/core';

/** Who each API token belongs to. A real app would read these from a secret store. */
@Injectable()
export class TokenStore {
  private readonly owners = new Map([
    ['ada-secret-token', 'ada@example.com'],
    ['bob-secret-token', 'bob@example.com'],
  ]);

  /** The user a token belongs to, or `undefined`. */
  ownerOf(token: string): string | undefined {
    return this.owners.get(token);
  }
}
