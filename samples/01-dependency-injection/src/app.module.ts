import { Module } from '@mvent/core';
import { AppService } from './app.service';
import { ConfigModule } from './config/config.module';
import { GreetingModule } from './greeting/greeting.module';

/** The root module: configuration (a dynamic module), greetings, and the app service. */
@Module({
  imports: [
    ConfigModule.forRootAsync({
      // Stands for configuration loaded asynchronously (a file, a secret store).
      useFactory: () =>
        Promise.resolve({ greeting: 'Hello', punctuation: '!' }),
    }),
    GreetingModule,
  ],
  providers: [AppService],
})
export class AppModule {}
