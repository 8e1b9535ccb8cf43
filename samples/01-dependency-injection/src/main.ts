import { MventFactory } from '@mvent/core';
import { AppModule } from './app.module';
import { AppService } from './app.service';
import { LifecycleLog } from './lifecycle-log';

/** Boots the application, greets two people, closes, and prints the lifecycle order. */
async function main(): Promise<void> {
  const app = await MventFactory.create(AppModule, {
    logger: ['error', 'warn'],
  });
  await app.init();
  for (const line of app.get(AppService).welcome(['Ada', 'Grace'])) {
    console.log(line);
  }
  await app.close();
  console.log('lifecycle order:');
  for (const entry of app.get(LifecycleLog).entries) {
    console.log(`  ${entry}`);
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
