import { MventFactory } from '@mvent/core';
import type { DemoSettings } from './app.module';
import { AppModule } from './app.module';

/** The serving process: settings as JSON in argv; serves until its parent says `stop`. */
async function main(): Promise<void> {
  const settings = JSON.parse(process.argv[2]) as DemoSettings;
  const app = await MventFactory.create(AppModule.forDemo(settings), {
    logger: ['error'],
  });
  await app.listen();
  process.send!('ready');
  process.once('message', () => {
    void app.close().then(() => process.exit(0));
  });
}

void main();
