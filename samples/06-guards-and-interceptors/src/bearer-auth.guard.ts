import type { CanActivate, ExecutionContext, RpcRequest } from '@mvent/core';
import { Injectable, UnauthorizedException } from '@mvent/core';
import { TokenStore } from './token-store';

/**
 * syft-event's `auth_required` example as a guard: a request needs
 * `Authorization: Bearer <token>` with a known token, else it gets 401. The same guard serves
 * SyftBox files and memory RPC: it reads the request through `switchToRpc()`.
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(private readonly tokens: TokenStore) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToRpc().getData<RpcRequest>();
    const [scheme, token] = (request.header('authorization') ?? '').split(' ');
    if (scheme !== 'Bearer' || !token || !this.tokens.ownerOf(token)) {
      throw new UnauthorizedException('A valid bearer token is required');
    }
    return true;
  }
}
