/**
 * Memory-bounded memoisation of generated entities: generation runs once per key, and the cache never
 * grows past `max` entries however many IDs clients invent.
 */
import { LRUCache } from 'lru-cache'

/**
 * Wraps `generate` with an LRU cache keyed by the string key.
 * @example
 * const account = memoize(5000, (key: string) => generateAccount(key))
 */
export function memoize<V extends object> (max: number, generate: (key: string) => V): (key: string) => V {
  const cache = new LRUCache<string, V>({ max })
  return (key) => {
    let value = cache.get(key)
    if (value === undefined) {
      value = generate(key)
      cache.set(key, value)
    }
    return value
  }
}
