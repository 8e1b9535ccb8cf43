import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SyftBoxURL, SyftRpcClient } from '@mvent/syft-events';
import { createTempDir } from '@mvent/testing';

/** The lines of one `--- title ---` section of the demo's output. */
function section(stdout: string, title: string): string[] {
  const start = stdout.indexOf(`--- ${title} ---\n`);
  expect([title, start]).not.toEqual([title, -1]);
  const body = stdout.slice(start + title.length + 9);
  return body.slice(0, body.indexOf('\n\n--- ')).split('\n').filter(Boolean);
}

describe('07-python-port', () => {
  it('runs every ported example of the two Python libraries and prints what Python would', async () => {
    const home = await createTempDir('mvent-sample-07-');
    const pools = await createTempDir('mvent-sample-07-pools-');
    try {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        HOME: home.path,
        MVENT_POOL_DIR: pools.path,
      };
      delete env.SYFTBOX_CLIENT_CONFIG_PATH;
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [join(__dirname, '../dist/main.js')],
        { env },
      );
      const out = (title: string) => section(stdout, title);
      expect(out('mvent: Basic Usage, Multiple Handlers, Using TTL')).toEqual([
        "User data updated: { name: 'John', age: 30 }",
        "Logging: { name: 'John', age: 30 }",
      ]);
      expect(out('mvent: Full Example')).toEqual([
        ...['John', 30, 'Jane', 25, 'Bob', 35]
          .flatMap((v, i, all) =>
            i % 2 ? [] : [`{ name: '${v}', age: ${all[i + 1]} }`],
          )
          .flatMap(user => [
            `Received user data update: ${user}`,
            `Logging user update: ${user}`,
          ]),
        'After 3 s, user_data is undefined',
      ]);
      expect(out('mvent: InMemoryHTTPManager')).toEqual([
        "{ greeting: 'Hello, Alice!' }",
      ]);
      expect(out('mvent: StreamingEvent')).toEqual([
        'STREAMED: Welcome to the room!',
      ]);
      expect(out('mvent: SocketsManager')).toEqual([
        'Room got: This is in RAM only!',
      ]);
      expect(out('mvent: Monitoring and Security')).toEqual([
        '{ test_event: 1 }',
        "[ 'example', 'timed' ]",
        "Secure stats: { name: 'secure', encrypted: true }",
      ]);
      expect(out('mvent: SharedMemoryPool and EventManager')).toEqual([
        'get: hello default',
        'get with metadata: version 1',
        'delete: true false',
        "get_all: { greeting: 'hello' }",
        'get_stats: entries 1',
        'after clear: {}',
        'EventManager got: 1',
        'after unsubscribe, callbacks got 1 event',
      ]);
      expect(out('syft-event: Basic RPC Server')).toEqual(
        expect.arrayContaining([
          'hello -> 200 Hello, Ada!',
          'calculate -> 200 13',
          'calculate -> 200 42',
          'calculate -> 500 Internal server error. Please try again later.',
        ]),
      );
      expect(out('syft-event: File System Monitoring')).toEqual([
        'JSON file changed: user@mvent.local/monitor-demo/data.json',
        'Text file created: user@mvent.local/monitor-demo/notes.txt',
        'Log file moved: user@mvent.local/monitor-demo/old.log -> user@mvent.local/monitor-demo/new.log',
        'JSON file moved: user@mvent.local/monitor-demo/data.json -> user@mvent.local/monitor-demo/moved.json',
      ]);
      expect(
        out(
          'syft-event: Using Routers, Async Request Handlers, Advanced Usage',
        ),
      ).toEqual([
        'api/v1/users/profile -> 200 {"user_id":"u1","name":"John Doe"}',
        'api/v1/users/settings -> 200 {"theme":"dark","notifications":true}',
        'async-task -> 200 {"task_id":"t1","status":"completed"}',
        'custom-response -> 201 {"message":"Custom response"}',
        'increment -> 200 {"counter":1}',
        'increment -> 200 {"counter":2}',
      ]);
      const cleanup = out('syft-event: Automatic Cleanup Configuration');
      expect(cleanup.slice(0, 7)).toEqual([
        'Cleanup service is active',
        'Deleted 2 requests and 2 responses',
        'Cleaned up 2 files',
        'Immediate cleanup: 2 files deleted',
        'Requests deleted: 2',
        'Errors encountered: 0',
        'Last cleanup: true',
      ]);
      expect(cleanup[7]).toMatch(
        /^CleanupStats\(requests=2, responses=2, markers=0, folders=0, errors=0, last_cleanup=\d{4}-/,
      );
      const docs = out('syft-event: documentation examples');
      expect(docs.slice(0, 12)).toEqual([
        'users -> 200 {"users":["alice","bob"]}',
        'data/7 -> 200 {"data_id":"7","value":42}',
        'echo -> 200 Hello, World!',
        'calculate -> 200 {"result":5}',
        'calculate -> 400 {"error":"No data provided"}',
        'items -> 201 {"created":true}',
        'items -> 405 {"error":"Method not allowed"}',
        'users/bob@example.com/profile -> 200 {"email":"bob@example.com","profile":{"name":"User Name"}}',
        'api/v2/anything/else -> 200 {"api":"v1"}',
        'protected -> 401 {"error":"Unauthorized"}',
        'protected -> 200 {"data":"secret"}',
        'api/create -> 400 {"error":"Missing fields: email"}',
      ]);
      expect(docs[12]).toMatch(
        /^async\/job -> 202 \{"job_id":"[0-9a-f-]{36}","status":"pending","check_url":"\/async\/job\/[0-9a-f-]{36}"\}$/,
      );
      expect(docs.slice(13)).toEqual([
        '{"description":"Retrieve a list of users.","args":{"limit":{"type":"str","required":false}},"returns":"any"}',
        'bob@example.com /app_data/chat/rpc/messages',
        'alice@example.com /app_data/api/rpc/v1/users',
        'carol@example.com /app_data/store/rpc/products/123',
      ]);
      expect(stdout).toContain('--- done ---');
    } finally {
      await home.remove();
      await pools.remove();
    }
  }, 60_000);
});

describe('07-python-port: a server file run alone', () => {
  it('serves with runForever() until SIGTERM, as box.run_forever()', async () => {
    const home = await createTempDir('mvent-sample-07-alone-');
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home.path };
    delete env.SYFTBOX_CLIENT_CONFIG_PATH;
    const server = spawn(
      process.execPath,
      [join(__dirname, '../dist/syft-event/basic-rpc-server.js')],
      { env, stdio: 'ignore' },
    );
    const exited = new Promise<string>(resolve =>
      server.once('exit', (code, signal) => resolve(signal ?? `exit ${code}`)),
    );
    const config = {
      email: 'user@mvent.local',
      dataDir: join(home.path, '.mvent/syftbox'),
      datasites: join(home.path, '.mvent/syftbox/datasites'),
      source: 'test',
    };
    const client = new SyftRpcClient({ config });
    try {
      const response = await client.send(
        SyftBoxURL.forEndpoint(config.email, 'my_app', 'hello'),
        { body: { name: 'Ada' }, timeout: '20s' },
      );
      expect(response.text()).toBe('Hello, Ada!');
      server.kill('SIGTERM');
      expect(await exited).toBe('exit 0');
    } finally {
      client.close();
      server.kill('SIGKILL');
      await home.remove();
    }
  }, 30_000);
});
