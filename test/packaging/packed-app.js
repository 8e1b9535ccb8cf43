// A 25-line app that uses the packed packages as a user would, outside the repository.
const { MemoryEventHandler } = require('@mvent/shared-memory');
const { SyftEvents, SyftRpcClient } = require('@mvent/syft-events');
async function main(dir) {
  const events = new MemoryEventHandler('packed', { dir });
  const got = new Promise(resolve => events.on('hello', resolve));
  events.emit('hello', { from: 'a tarball' });
  console.log('event', JSON.stringify(await got));
  await events.cleanup();
  const config = {
    email: 'alice@example.com',
    dataDir: dir,
    datasites: `${dir}/datasites`,
  };
  const box = new SyftEvents('packed', {
    config,
    logger: { log() {}, warn() {}, error() {} },
  });
  box.onRequest('/add', request => ({
    total: request.json().a + request.json().b,
  }));
  await box.start();
  const client = new SyftRpcClient({ config });
  const response = await client.send(
    'syft://alice@example.com/app_data/packed/rpc/add',
    { body: { a: 2, b: 40 } },
  );
  console.log('rpc', response.statusCode, response.text());
  client.close();
  await box.stop();
  // Transport libraries are optional peers: a missing one is named when its transport starts.
  const { natsTransport } = require('@mvent/microservices');
  const error = await natsTransport({ servers: 'nats://127.0.0.1:1' })
    .connect()
    .catch(e => e);
  console.log('nats', error.code, error.message.match(/npm install [^`]+/)[0]);
}
main(process.argv[2]).catch(error => {
  console.error(error);
  process.exit(1);
});
