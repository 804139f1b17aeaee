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

/**
 * One answer object per world and key, the newest `max` of each world kept. A handler that returns the
 * same object for the same request lets the serialiser send the JSON it already made
 * (src/engine/serializer.ts). The key must name everything the answer depends on, and an answer must not be
 * changed once returned.
 * @example
 * const answers = answerCache<Bills>(500)
 * return answers(world, `${customer}/${contract}/${page}`, () => ({ ...collection, invoiceCollection: page }))
 */
export function answerCache<V extends object> (max: number): (world: object, key: string, build: () => V) => V {
  const byWorld = new WeakMap<object, LRUCache<string, V>>()
  return (world, key, build) => {
    let cache = byWorld.get(world)
    if (cache === undefined) {
      cache = new LRUCache<string, V>({ max })
      byWorld.set(world, cache)
    }
    let value = cache.get(key)
    if (value === undefined) {
      value = build()
      cache.set(key, value)
    }
    return value
  }
}
