import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const hasNats =
  existsSync('/usr/sbin/nats-server') ||
  existsSync('/usr/bin/nats-server') ||
  existsSync('/usr/local/bin/nats-server');

describe('08-across-hosts', () => {
  (hasNats ? it : it.skip)(
    'bills each order once across two processes and ships every order in one',
    async () => {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [join(__dirname, '../dist/main.js')],
        {
          env: { ...process.env, NATS_URL: '' },
        },
      );
      expect(stdout).toContain(
        '[producer] republished order-1: duplicate=true',
      );
      expect(stdout).toContain(
        '[producer] billing group: 100 orders billed once each across 2 processes',
      );
      expect(stdout).toContain(
        '[producer] shipping group: 100 orders shipped in order',
      );
      const billed = [
        ...stdout.matchAll(/\[consumer-\d\] billed (\d+), shipped (\d+)/g),
      ];
      expect(billed).toHaveLength(2);
      expect(billed.reduce((sum, [, b]) => sum + Number(b), 0)).toBe(100);
    },
    60_000,
  );

  it('says how to install nats-server when there is none', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(__dirname, '../dist/main.js')],
      {
        env: {
          ...process.env,
          NATS_URL: '',
          NATS_SERVER_BIN: '/nonexistent/nats-server',
        },
      },
    );
    expect(stdout).toContain(
      '[producer] skipped: this sample needs a NATS server.',
    );
    expect(stdout).toContain('apt-get install -y nats-server');
  });
});
