/**
 * syft-event's "Schema Generation" and "URL Examples", line by line. Python reads the
 * handler's signature; here the schema comes from the `@OnRequest` method's decorators and
 * types (a pydantic model is a class-validator DTO).
 */
import { IsEmail, IsInt, IsOptional, IsString } from 'class-validator';
import { Controller, OnRequest, Query, Req, Response } from '@mvent/core';
import type { RpcRequest } from '@mvent/core';
import { generateSchema, SyftBoxURL } from '@mvent/syft-events';

/** Python's `class User(BaseModel)`. */
export class User {
  @IsInt()
  id!: number;

  @IsString()
  name!: string;

  @IsOptional()
  @IsEmail()
  email?: string;
}

@Controller()
export class UsersController {
  @OnRequest('/users', { description: 'Retrieve a list of users.' })
  getUsers(@Req() _request: RpcRequest, @Query('limit') _limit?: string) {
    // Implementation
    return new Response({ users: [] });
  }
}

/** Prints the schema and the three URLs' parts. */
export function schemaAndUrls(): void {
  // Generate schema
  const schema = generateSchema(UsersController, 'getUsers');
  console.log(JSON.stringify(schema));

  // Basic RPC endpoint, nested endpoint, with path parameters
  const url1 = new SyftBoxURL(
    'syft://bob@example.com/app_data/chat/rpc/messages',
  );
  const url2 = new SyftBoxURL(
    'syft://alice@example.com/app_data/api/rpc/v1/users',
  );
  const url3 = new SyftBoxURL(
    'syft://carol@example.com/app_data/store/rpc/products/123',
  );
  for (const url of [url1, url2, url3]) {
    console.log(`${url.host} ${url.path}`);
  }
}
