import { Module } from '@mvent/core';
import { SyftEventsModule } from '@mvent/syft-events';
import { MathController } from './math.controller';

/** The app name: its folder is `<datasite>/app_data/mvent-demo`. */
export const APP_NAME = 'mvent-demo';

/** Serves the math endpoints on the SyftBox found as syft-core finds it (or the embedded one). */
@Module({
  imports: [SyftEventsModule.forRoot({ appName: APP_NAME })],
  controllers: [MathController],
})
export class AppModule {}
