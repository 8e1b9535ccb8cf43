import { MventFactory } from '@mvent/core';
import { SharedRooms, SharedStreams } from '@mvent/shared-memory';
import { AppModule } from './app.module';

const MESSAGES = 5;

/**
 * A chat process: catches up on the last news headlines, joins the lobby, and once its
 * parent says `go`, sends its messages and waits until it has read everyone's.
 */
async function main(): Promise<void> {
  const [pool, name, peers] = process.argv.slice(2);
  const app = await MventFactory.create(AppModule.forPool(pool), {
    logger: ['error'],
  });
  await app.init();
  const rooms = app.get(SharedRooms);
  const news: string[] = [];
  app
    .get(SharedStreams)
    .get<string>('news')
    .subscribe(headline => void news.push(headline), { last: 3 });
  rooms.connect('lobby', { name });
  const expected = MESSAGES * Number(peers);
  let read = 0;
  const allRead = new Promise<void>(resolve => {
    rooms.subscribe<string>('lobby', message => {
      if (message.from === 'host') return;
      read++;
      if (read === expected) resolve();
    });
  });
  process.send!('ready');
  await new Promise(resolve => process.once('message', resolve));
  for (let i = 1; i <= MESSAGES; i++) {
    await rooms.send('lobby', `${name} says hello #${i}`);
  }
  await allRead;
  console.log(
    `[${name}] caught up on ${news.length} headlines; read all ${read} chat messages`,
  );
  rooms.disconnect('lobby');
  await app.close();
  process.send!('done', () => process.exit(0));
}

void main();
