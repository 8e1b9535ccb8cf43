import { ConsoleLogger, Logger } from '@mvent/core';
import type { LoggerService } from '@mvent/core';

describe('Logger', () => {
  afterEach(() => {
    Logger.overrideLogger(new ConsoleLogger());
    jest.restoreAllMocks();
  });

  it('should write to the replacement logger with its context', () => {
    const lines: string[] = [];
    const target: LoggerService = {
      log: (m, c) => lines.push(`log ${c} ${String(m)}`),
      error: (m, c) => lines.push(`error ${c} ${String(m)}`),
      warn: (m, c) => lines.push(`warn ${c} ${String(m)}`),
    };
    Logger.overrideLogger(target);
    const logger = new Logger('Users');
    logger.log('created');
    logger.error('failed', 'Override');
    logger.debug('ignored: target has no debug');
    expect(lines).toEqual(['log Users created', 'error Override failed']);
  });

  it('should print nothing when silenced, and only the chosen levels', () => {
    const stdout = jest
      .spyOn(process.stdout, 'write')
      .mockImplementation(() => true);
    Logger.overrideLogger(false);
    new Logger('X').log('hidden');
    expect(stdout).not.toHaveBeenCalled();

    Logger.overrideLogger(['debug']);
    new Logger('X').log('hidden too');
    new Logger('X').debug('shown');
    expect(stdout).toHaveBeenCalledTimes(1);
    expect(String(stdout.mock.calls[0][0])).toMatch(/DEBUG +\[X\] shown\n$/);
  });
});
