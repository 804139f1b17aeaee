/**
 * Rendering a PDF takes milliseconds and the same invoice is asked for again and again, so rendered files
 * are kept in a cache bounded by bytes (not entries: one detail PDF weighs as much as dozens of summaries).
 */
import { LRUCache } from 'lru-cache'

export interface DocumentCacheStats {
  /** Files held now. */
  entries: number
  /** Sum of their lengths. */
  bytes: number
  /** `get`s answered without rendering: from the cache or by joining a render already under way. */
  hits: number
  /** `get`s that started a render. */
  misses: number
}

export interface DocumentCache {
  /** The cached file for `key`, or the result of `render()` (cached unless it rejects). */
  get: (key: string, render: () => Promise<Buffer>) => Promise<Buffer>
  stats: () => DocumentCacheStats
}

/**
 * A least-recently-used cache of rendered files holding at most `maxBytes` bytes. Concurrent `get`s of a
 * missing key share one render; a render that fails is not cached, so the next `get` tries again. A file
 * larger than `maxBytes` is returned but not kept.
 * @example
 * const files = createDocumentCache({ maxBytes: 64 * 1024 * 1024 })
 * const pdf = await files.get(`pdf:${invoice.invoiceNumber}`, () => renderInvoicePdf(invoice))
 */
export function createDocumentCache ({ maxBytes }: { maxBytes: number }): DocumentCache {
  if (!Number.isInteger(maxBytes) || maxBytes < 1) {
    throw new Error(`createDocumentCache: maxBytes must be a positive integer, got ${String(maxBytes)}.`)
  }
  const cache = new LRUCache<string, Buffer>({
    maxSize: maxBytes,
    // lru-cache requires a positive size; an empty file still occupies an entry.
    sizeCalculation: (file) => Math.max(1, file.length)
  })
  const pending = new Map<string, Promise<Buffer>>()
  let hits = 0
  let misses = 0

  return {
    async get (key, render) {
      const cached = cache.get(key) ?? pending.get(key)
      if (cached !== undefined) {
        hits++
        return await cached
      }
      misses++
      const rendering = render().then((file) => {
        cache.set(key, file)
        return file
      }).finally(() => pending.delete(key))
      pending.set(key, rendering)
      return await rendering
    },
    stats () {
      return { entries: cache.size, bytes: cache.calculatedSize, hits, misses }
    }
  }
}
