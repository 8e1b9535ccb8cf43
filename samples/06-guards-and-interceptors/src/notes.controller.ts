import type { RpcRequest } from '@mvent/core';
import {
  Body,
  Controller,
  createParamDecorator,
  OnRequest,
  SkipThrottle,
  UseFilters,
  UseGuards,
} from '@mvent/core';
import { BearerAuthGuard } from './bearer-auth.guard';
import { NoteDto } from './note.dto';
import { SanitizingFilter } from './sanitizing.filter';

/** The caller's bearer token, read by the guard's rules. */
const BearerToken = createParamDecorator(
  (_data: unknown, context) =>
    context
      .switchToRpc()
      .getData<RpcRequest>()
      .header('authorization')
      ?.slice('Bearer '.length) ?? '',
);

/** Notes per token: the same routes over SyftBox and memory RPC. */
@UseGuards(BearerAuthGuard)
@UseFilters(SanitizingFilter)
@Controller('/notes')
export class NotesController {
  private readonly notes = new Map<string, string[]>();

  @SkipThrottle()
  @OnRequest('/list', { description: 'The notes of the token holder.' })
  list(@BearerToken() token: string) {
    return { notes: this.notes.get(token) ?? [] };
  }

  @OnRequest('/add', { description: 'Adds a note.' })
  add(@Body() note: NoteDto, @BearerToken() token: string) {
    const notes = [...(this.notes.get(token) ?? []), note.text];
    this.notes.set(token, notes);
    return { count: notes.length };
  }

  @OnRequest('/report', { timeout: 200 })
  async report() {
    await new Promise(resolve => setTimeout(resolve, 1000));
    return 'a report that takes too long';
  }

  @OnRequest('/crash')
  crash(): never {
    throw new Error('database password is hunter2');
  }
}
