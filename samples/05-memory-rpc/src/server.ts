import { MventFactory } from '@mvent/core';
import { AppModule } from './app.module';

/** The serving process: serves the shop until its parent says `stop`. */
async function main(): Promise<void> {
  const app = await MventFactory.create(
    AppModule.forPool(process.argv[2], true),
    {
      logger: ['error'],
    },
  );
  await app.listen();
  process.send!('ready');
  process.once('message', () => {
    void app.close().then(() => process.exit(0));
  });
}

void main();
