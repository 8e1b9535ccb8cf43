const { open } = require('lmdb');
const env = open({
  path: process.argv[2],
  maxDbs: 4,
  noSync: true,
  useWritemap: true,
});
const db = env.openDB('entries', { encoding: 'msgpack' });
const seen = [];
const t = setInterval(() => {
  seen.push(db.get('counter'));
  if (seen.length > 12) {
    clearInterval(t);
    console.log('child saw', seen.join(','));
    env.close();
  }
}, 15);
