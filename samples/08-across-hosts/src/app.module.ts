import type { DynamicModule, Type } from '@mvent/core';
import { Module, MventEventsModule } from '@mvent/core';
import { natsTransport } from '@mvent/microservices';

/**
 * The application on NATS JetStream. The only difference from sample 02's module is the
 * `transport` option; the handlers are plain `@OnEvent` methods.
 */
@Module({})
export class AppModule {
  static on(
    servers: string,
    stream: string,
    controllers: Type[],
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        MventEventsModule.forRoot({
          transport: natsTransport({
            servers,
            stream,
            subjectPrefix: `${stream.toLowerCase()}.events`,
            deadLetterPrefix: `${stream.toLowerCase()}.dlq`,
          }),
        }),
      ],
      controllers,
    };
  }
}
