import type RedisClass from 'ioredis';
import { loadPeer } from '../optional-peer';

/** ioredis, loaded on first use (it is an optional peer dependency). */
export function redisLibrary(): typeof RedisClass {
  const library = loadPeer<{ default?: typeof RedisClass } & typeof RedisClass>(
    'redis',
    'ioredis',
    ['ioredis'],
  );
  return library.default ?? library;
}
