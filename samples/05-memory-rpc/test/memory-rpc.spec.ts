import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTempDir } from '@mvent/testing';

describe('05-memory-rpc', () => {
  it('calls routes served by another process, streams a countdown, and exits 0', async () => {
    const dir = await createTempDir('mvent-sample-05-');
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [join(__dirname, '../dist/main.js')],
        { env: { ...process.env, MVENT_POOL_DIR: dir.path } },
      );
      expect(stdout).toContain(
        'routes: ["/shop/quote","/shop/prices/{item}","/shop/countdown"]',
      );
      expect(stdout).toMatch(
        /POST \/shop\/quote -> 200 \{"item":"pear","quantity":4,"total":3,"for":"pid-\d+","by":\d+\}/,
      );
      expect(stdout).toMatch(/POST \/shop\/quote -> 400 .*"violations"/);
      expect(stdout).toMatch(
        /GET \/shop\/prices\/plum -> 200 \{"item":"plum","price":0.3\}/,
      );
      expect(stdout).toMatch(
        /GET \/shop\/prices\/kiwi -> 404 .*We do not sell kiwi/,
      );
      expect(stdout).toMatch(/GET \/shop\/nope -> 404 .*No route \/shop\/nope/);
      expect(stdout).toMatch(
        /countdown 5\ncountdown 4\ncountdown 3\ncountdown 2\ncountdown 1\ncountdown 0\nstream complete: 6 chunks/,
      );
    } finally {
      await dir.remove();
    }
  });
});
