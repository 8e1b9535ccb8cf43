import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTempDir } from '@mvent/testing';

describe('04-chat-rooms', () => {
  it('runs a host and two chat processes that lose nothing, and exits 0', async () => {
    const dir = await createTempDir('mvent-sample-04-');
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [join(__dirname, '../dist/main.js')],
        { env: { ...process.env, MVENT_POOL_DIR: dir.path } },
      );
      expect(stdout).toContain('[host] members: ada, bob, host');
      for (const name of ['ada', 'bob']) {
        expect(stdout).toContain(
          `[${name}] caught up on 3 headlines; read all 10 chat messages`,
        );
        expect(stdout).toContain(
          `[host] ${name} in order: ${[1, 2, 3, 4, 5].map(i => `${name} says hello #${i}`).join(' | ')}`,
        );
      }
      expect(stdout).toContain('[host] lobby history: 11 messages');
      expect(stdout).toContain('[host] rooms: [["lobby",["host"]]]');
    } finally {
      await dir.remove();
    }
  });
});
