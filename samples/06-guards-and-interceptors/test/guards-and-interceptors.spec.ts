import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTempDir } from '@mvent/testing';

describe('06-guards-and-interceptors', () => {
  it('applies one pipeline to SyftBox and memory RPC, and audits both', async () => {
    const dir = await createTempDir('mvent-sample-06-');
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [join(__dirname, '../dist/main.js')],
        { env: { ...process.env, MVENT_POOL_DIR: dir.path } },
      );
      for (const transport of ['syft', 'memory']) {
        const lines = stdout
          .split('\n')
          .filter(line => line.startsWith(`[${transport}]`))
          .map(line => line.replace(/^\[\w+\] /, ''));
        expect(
          lines.map(line => line.split(' {')[0].split(' Error')[0]),
        ).toEqual([
          'GET /notes/list -> 401',
          'POST /notes/add -> 200',
          'POST /notes/add -> 400',
          'GET /notes/list -> 200',
          'GET /notes/report -> 504',
          'GET /notes/crash -> 500',
          'POST /notes/add -> 200',
          'POST /notes/add -> 429',
        ]);
        expect(lines[5]).toMatch(
          /^GET \/notes\/crash -> 500 \{"error":"Internal error","reference":"[0-9a-f]{8}"\}$/,
        );
        expect(lines.join('\n')).not.toContain('hunter2');
      }
      // Refusals by guards (401, 429) happen before the interceptor, so only these are audited.
      expect(stdout).toContain('audit syft: 200 400 200 504 500 200');
      expect(stdout).toContain('audit memory: 200 400 200 504 500 200');
    } finally {
      await dir.remove();
    }
  }, 30_000);
});
