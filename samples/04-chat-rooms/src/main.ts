import { fork } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { MventFactory } from '@mvent/core';
import {
  SharedMemoryPool,
  SharedRooms,
  SharedStreams,
} from '@mvent/shared-memory';
import { AppModule } from './app.module';

const CHATTERS = ['ada', 'bob'];

/**
 * The demo: the host publishes news on a stream, then two chat processes join the lobby,
 * catch up on the news and talk at the same time. The host prints the room's history.
 */
async function main(): Promise<void> {
  const pool = `sample-04-${process.pid}`;
  const app = await MventFactory.create(AppModule.forPool(pool), {
    logger: ['error'],
  });
  await app.init();
  const rooms = app.get(SharedRooms);
  const news = app.get(SharedStreams).get<string>('news');
  for (const headline of [
    'markets open',
    'rain expected',
    'mvent ships rooms',
  ]) {
    await news.publish(headline);
  }
  rooms.connect('lobby', { name: 'host' });
  await rooms.send('lobby', 'welcome!');

  const chatters = CHATTERS.map(name =>
    fork(join(__dirname, 'chatter.js'), [pool, name, String(CHATTERS.length)]),
  );
  await Promise.all(
    chatters.map(c => new Promise(resolve => c.once('message', resolve))),
  );
  console.log(
    `[host] members: ${rooms
      .members('lobby')
      .map(m => m.name)
      .sort()
      .join(', ')}`,
  );
  const done = chatters.map(
    c => new Promise(resolve => c.once('message', resolve)),
  );
  for (const chatter of chatters) chatter.send('go');
  await Promise.all(done);

  const history = rooms.history<string>('lobby', { limit: 100 });
  console.log(`[host] lobby history: ${history.length} messages`);
  for (const name of CHATTERS) {
    const own = history.filter(m => m.from === name).map(m => m.message);
    console.log(`[host] ${name} in order: ${own.join(' | ')}`);
  }
  console.log(
    `[host] rooms: ${JSON.stringify(rooms.rooms().map(r => [r.room, r.members.map(m => m.name)]))}`,
  );
  const path = app.get(SharedMemoryPool).path;
  await app.close();
  rmSync(path, { recursive: true, force: true });
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
