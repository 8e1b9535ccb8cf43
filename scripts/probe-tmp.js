const { open } = require('lmdb');
const path = '/dev/shm/probe-' + process.pid;
const env = open({
  path,
  maxDbs: 4,
  mapSize: 2 * 1024 * 1024,
  noSync: true,
  useWritemap: true,
  structuredClone: true,
});
const db = env.openDB('entries', {
  encoding: 'msgpack',
  structuredClone: true,
});
const v = {
  d: new Date(0),
  m: new Map([[1, 'a']]),
  s: new Set([1]),
  u: new Uint8Array([1, 2]),
  b: Buffer.from('hi'),
  f: new Float64Array([1.5]),
};
db.putSync('x', v);
const back = db.get('x');
console.log(
  back.d instanceof Date,
  back.m instanceof Map,
  back.s instanceof Set,
  back.u,
  back.b,
  Buffer.isBuffer(back.b),
  back.f,
);
// map full?
try {
  for (let i = 0; i < 100000; i++) db.putSync('k' + i, Buffer.alloc(1000));
  console.log('no map full; stats', env.getStats().mapSize);
} catch (e) {
  console.log('error', e.code, e.message.slice(0, 100));
}
console.log('x still', db.get('x') !== undefined, 'k5', db.get('k5')?.length);
// cross process visibility
const { fork } = require('child_process');
if (process.argv[2] !== 'child') {
  const c = fork(
    require('path').join(__dirname, 'probe-child-tmp.js'),
    [path],
    { stdio: 'inherit' },
  );
  let i = 0;
  const t = setInterval(() => {
    db.putSync('counter', ++i);
    if (i === 5) {
      clearInterval(t);
    }
  }, 20);
  c.on('exit', () => {
    env.close();
    require('fs').rmSync(path, { recursive: true });
  });
}
