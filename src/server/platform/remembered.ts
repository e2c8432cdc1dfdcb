import { LRUCache } from 'lru-cache';
import type { Db } from '#server/db/client.ts';

/**
 * A cache of what a feature remembers under versions it reads from the database (decisions 027,
 * 028, 030, 031), one per database handle so that apps built in one process (tests) never share
 * what they remember, and bounded by about `bytes` as `size` measures each entry, the least
 * recently used forgotten first.
 */
export function cachePerDatabase<V extends {}>(
  bytes: number,
  size: (value: V) => number,
): (db: Db) => LRUCache<string, V> {
  const caches = new WeakMap<Db, LRUCache<string, V>>();
  return (db) => {
    let cache = caches.get(db);
    if (!cache) {
      cache = new LRUCache<string, V>({
        maxSize: bytes,
        sizeCalculation: (value) => Math.max(1, size(value)),
      });
      caches.set(db, cache);
    }
    return cache;
  };
}
