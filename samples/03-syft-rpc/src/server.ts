import { MventFactory } from '@mvent/core';
import { AppModule } from './app.module';

/** The server process: serves until SIGTERM, then closes cleanly. */
async function main(): Promise<void> {
  const app = await MventFactory.create(AppModule);
  app.enableShutdownHooks();
  await app.listen();
  process.send?.('ready');
}

void main();
