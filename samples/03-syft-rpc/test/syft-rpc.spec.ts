import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTempDir } from '@mvent/testing';

describe('03-syft-rpc', () => {
  it('serves and calls every endpoint on the embedded SyftBox folder, then exits 0', async () => {
    const home = await createTempDir('mvent-sample-03-');
    try {
      // A bare HOME: no ~/.syftbox/config.json, so both processes use the embedded default.
      const env: NodeJS.ProcessEnv = { ...process.env, HOME: home.path };
      delete env.SYFTBOX_CLIENT_CONFIG_PATH;
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [join(__dirname, '../dist/main.js')],
        { env },
      );
      expect(stdout).toContain('serving the embedded SyftBox folder');
      expect(stdout).toMatch(
        /POST \/add -> 200 \{"total":42,"by":"user@mvent\.local"\}/,
      );
      expect(stdout).toMatch(/POST \/add -> 400 .*"violations"/);
      expect(stdout).toMatch(/POST \/greet -> 200 bonjour Ada/);
      expect(stdout).toMatch(/POST \/greet -> 404 .*No greeting in xx/);
      expect(stdout).toMatch(
        /GET \/notes\/2 -> 200 \{"id":"2","text":"second note"\}/,
      );
      expect(stdout).toMatch(
        /GET \/whoami -> 200 \{"sender":"user@mvent\.local"\}/,
      );
      expect(stdout).toMatch(/GET \/nope -> 404 No endpoint \/nope/);
      expect(stdout).toContain(
        'POST /secret (encrypted) -> 200 {"text":"the pears are ripe","arrivedEncrypted":true} (reply encrypted: true)',
      );
      // enableShutdownHooks closes the app, then re-raises the signal, as Nest does.
      expect(stdout).toMatch(/server stopped \((SIGTERM|exit 0)\)/);
      const schema = JSON.parse(
        await readFile(
          join(
            home.path,
            '.mvent/syftbox/datasites/user@mvent.local/app_data/mvent-demo/rpc/rpc.schema.json',
          ),
          'utf8',
        ),
      ) as Record<string, { args: Record<string, unknown> }>;
      expect(Object.keys(schema)).toEqual([
        '/add',
        '/greet',
        '/notes/{id}',
        '/whoami',
        '/secret',
      ]);
      expect(schema['/notes/{id}'].args).toEqual({
        id: { type: 'str', required: true },
      });
    } finally {
      await home.remove();
    }
  });
});
