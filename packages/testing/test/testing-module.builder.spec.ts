import { Inject, Injectable, Module } from '@mvent/core';
import type { OnModuleInit } from '@mvent/core';
import { Test, TestingModule } from '@mvent/testing';

@Injectable()
class MailService {
  send(to: string): string {
    return `real mail to ${to}`;
  }
}

@Injectable()
class SignupService implements OnModuleInit {
  initialised = false;
  constructor(
    readonly mail: MailService,
    @Inject('GREETING') readonly greeting: string,
  ) {}
  onModuleInit() {
    this.initialised = true;
  }
  signup(name: string): string {
    return `${this.greeting} ${name}: ${this.mail.send(name)}`;
  }
}

@Module({
  providers: [
    MailService,
    SignupService,
    { provide: 'GREETING', useValue: 'welcome' },
  ],
  exports: [SignupService],
})
class SignupModule {}

describe('TestingModuleBuilder', () => {
  let moduleRef: TestingModule | undefined;
  afterEach(() => moduleRef?.close());

  describe('overrideProvider', () => {
    it('should replace a provider with useValue', async () => {
      moduleRef = await Test.createTestingModule({ imports: [SignupModule] })
        .overrideProvider(MailService)
        .useValue({ send: (to: string) => `fake mail to ${to}` })
        .compile();
      expect(moduleRef.get(SignupService).signup('ada')).toBe(
        'welcome ada: fake mail to ada',
      );
    });

    it('should replace a provider with useClass and useFactory, chained', async () => {
      class QuietMail {
        send() {
          return 'quiet';
        }
      }
      moduleRef = await Test.createTestingModule({ imports: [SignupModule] })
        .overrideProvider(MailService)
        .useClass(QuietMail)
        .overrideProvider('GREETING')
        .useFactory({ factory: async () => 'hi' })
        .setLogger(false)
        .compile();
      expect(moduleRef.get(SignupService).signup('bob')).toBe('hi bob: quiet');
    });
  });

  describe('compile', () => {
    it('should run the lifecycle on init and expose the application', async () => {
      moduleRef = await Test.createTestingModule({
        imports: [SignupModule],
      }).compile();
      expect(moduleRef.get(SignupService).initialised).toBe(false);
      await moduleRef.init();
      expect(moduleRef.get(SignupService).initialised).toBe(true);
      expect(moduleRef.createApplication().get(SignupService)).toBe(
        moduleRef.get(SignupService),
      );
    });
  });
});
