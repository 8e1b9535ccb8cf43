import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import {
  defaultPoolsDirectory,
  MemoryEventBus,
  MemoryRpcServer,
  SharedMemoryPool,
  UnsafeDirectoryError,
} from '@mvent/shared-memory';
import { createTempDir } from '@mvent/testing';
import type { TempDir } from '@mvent/testing';
import { rpcSocketPath } from '../../src/rpc/rpc-frames';

/** A local user the test creates to play the attacker; needs root (CI runs as root). */
const ATTACKER = 'mvent-attacker';

function createAttacker(): string | undefined {
  if (process.geteuid?.() !== 0)
    return 'skipped: creating a second user needs root';
  if (spawnSync('id', ['-u', ATTACKER]).status !== 0) {
    const made = spawnSync('useradd', [
      '--system',
      '--no-create-home',
      ATTACKER,
    ]);
    if (made.status !== 0)
      return `skipped: useradd failed (${String(made.stderr)})`;
  }
  return undefined;
}

/** Runs `command` as the attacker; its exit status and output. */
function asAttacker(command: string[]): {
  status: number | null;
  output: string;
} {
  const run = spawnSync('runuser', ['-u', ATTACKER, '--', ...command], {
    encoding: 'utf8',
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

const skipped = createAttacker();
const describeWithAttacker = skipped ? describe.skip : describe;

describe('pools and another local user', () => {
  let dir: TempDir;
  beforeAll(async () => {
    dir = await createTempDir('mvent-users-');
  });
  afterAll(() => dir.remove());

  it('should keep pools in a folder per user by default', () => {
    expect(defaultPoolsDirectory()).toMatch(
      new RegExp(`/mvent-${process.geteuid!()}$`),
    );
  });

  it('should refuse a pools folder writable by its group or others, and a symbolic link', () => {
    const open = (folder: string) => () =>
      new SharedMemoryPool({ name: 'p', dir: folder });
    const shared = join(dir.path, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    expect(open(shared)).toThrow(UnsafeDirectoryError);
    expect(open(shared)).toThrow(
      /writable by its group or by others \(mode 777\)/,
    );
    const link = join(dir.path, 'link');
    mkdirSync(join(dir.path, 'real'), { mode: 0o700 });
    symlinkSync(join(dir.path, 'real'), link);
    expect(open(link)).toThrow(/is not a directory \(a symbolic link/);
  });

  describeWithAttacker(`with a second user (${skipped ?? ATTACKER})`, () => {
    let playground: string;
    beforeAll(() => {
      // A folder both users can write into, as /dev/shm is.
      playground = join(dir.path, 'playground');
      mkdirSync(playground);
      chmodSync(dir.path, 0o755);
      chmodSync(playground, 0o1777);
    });

    it('should refuse a pools folder the other user created first, instead of using it', () => {
      const folder = join(playground, 'pools');
      expect(asAttacker(['mkdir', '-m', '755', folder]).status).toBe(0);
      expect(
        () => new SharedMemoryPool({ name: 'victim', dir: folder }),
      ).toThrow(/is owned by uid \d+, not by this user \(uid 0\)/);
    });

    it("should not let the other user reach a pool's files or connect to its memory-RPC socket", async () => {
      const folder = join(playground, 'mine');
      const pool = new SharedMemoryPool({ name: 'secret', dir: folder });
      const bus = new MemoryEventBus(pool);
      const server = new MemoryRpcServer(bus);
      server.addRoute('/balance', () => Promise.resolve(100));
      await server.listen();
      try {
        pool.set('balance', 100);
        const readData = asAttacker(['cat', join(pool.path, 'data.mdb')]);
        expect(readData.status).not.toBe(0);
        expect(readData.output).toMatch(/Permission denied/);
        const socket = rpcSocketPath(pool.path, process.pid);
        const connect = asAttacker([
          process.execPath,
          '-e',
          `require('net').connect(${JSON.stringify(socket)}).on('error', e => { console.log(e.code); process.exit(3); }).on('connect', () => process.exit(0));`,
        ]);
        expect(connect).toEqual({
          status: 3,
          output: expect.stringMatching(/EACCES/),
        });
      } finally {
        await server.close();
        await bus.close();
        await pool.close();
      }
    });
  });
});
