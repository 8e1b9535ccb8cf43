import { Controller, NotFoundException } from '@mvent/core';
import {
  Body,
  OnRequest,
  Param,
  Req,
  RpcRequest,
  Sender,
  SyftEvents,
} from '@mvent/syft-events';
import { AddDto, GreetDto, SumDto } from './math.dto';

const GREETINGS: Record<string, string> = {
  en: 'hello',
  fr: 'bonjour',
  de: 'hallo',
};
const NOTES: Record<string, string> = { '1': 'first note', '2': 'second note' };

/** The demo app's endpoints: `rpc/add`, `rpc/greet`, `rpc/notes/{id}`, `rpc/whoami` and `rpc/secret`. */
@Controller()
export class MathController {
  constructor(private readonly events: SyftEvents) {}

  @OnRequest('/add', { description: 'Adds two integers.' })
  add(@Body() { a, b }: AddDto): SumDto {
    return { total: a + b, by: this.events.email };
  }

  @OnRequest('/greet', { description: 'Greets someone in their language.' })
  greet(@Body() { name, language }: GreetDto): string {
    const greeting = GREETINGS[language];
    if (!greeting) {
      throw new NotFoundException(`No greeting in ${language}`);
    }
    return `${greeting} ${name}`;
  }

  @OnRequest('/notes/{id}', { description: 'Reads a note by id.' })
  note(@Param('id') id: string): { id: string; text: string } {
    const text = NOTES[id];
    if (text === undefined) throw new NotFoundException(`No note ${id}`);
    return { id, text };
  }

  @OnRequest('/whoami')
  whoami(@Sender() sender: string): { sender: string } {
    return { sender };
  }

  @OnRequest('/secret', {
    description: 'Repeats a secret; the reply is X3DH-encrypted to the sender.',
    encryptReply: true,
  })
  secret(@Body('text') text: string, @Req() request: RpcRequest) {
    return { text, arrivedEncrypted: request.encrypted };
  }
}
