import { describe, expect, it, vi } from 'vitest'
import { createDocumentCache } from '../../src/documents/index.js'

function deferred (): { promise: Promise<Buffer>, resolve: (file: Buffer) => void, reject: (err: Error) => void } {
  let resolve: (file: Buffer) => void = () => {}
  let reject: (err: Error) => void = () => {}
  const promise = new Promise<Buffer>((_resolve, _reject) => {
    resolve = _resolve
    reject = _reject
  })
  return { promise, resolve, reject }
}

describe('createDocumentCache', () => {
  it('renders once for concurrent gets of a missing key and gives every caller the same file', async () => {
    const cache = createDocumentCache({ maxBytes: 1024 })
    const pending = deferred()
    const render = vi.fn(() => pending.promise)

    const gets = [cache.get('pdf:1', render), cache.get('pdf:1', render), cache.get('pdf:1', render)]
    pending.resolve(Buffer.from('%PDF-one'))
    const files = await Promise.all(gets)

    expect(render).toHaveBeenCalledTimes(1)
    expect(files.every((file) => file.toString() === '%PDF-one')).toBe(true)
    expect(cache.stats()).toEqual({ entries: 1, bytes: 8, hits: 2, misses: 1 })
  })

  it('answers a cached key without rendering again', async () => {
    const cache = createDocumentCache({ maxBytes: 1024 })
    const render = vi.fn(async () => Buffer.from('<Invoice/>'))
    await cache.get('xml:1', render)

    const file = await cache.get('xml:1', render)

    expect(file.toString()).toBe('<Invoice/>')
    expect(render).toHaveBeenCalledTimes(1)
    expect(cache.stats().hits).toBe(1)
  })

  it('evicts the least recently used files once the bytes pass maxBytes', async () => {
    const cache = createDocumentCache({ maxBytes: 10 })
    await cache.get('a', async () => Buffer.alloc(4, 'a'))
    await cache.get('b', async () => Buffer.alloc(4, 'b'))
    await cache.get('a', async () => Buffer.alloc(4, 'x'))
    const render = vi.fn(async () => Buffer.alloc(4, 'c'))

    await cache.get('c', render)
    const a = await cache.get('a', async () => Buffer.alloc(4, 'y'))
    const b = await cache.get('b', async () => Buffer.alloc(4, 'z'))

    expect(a.toString()).toBe('aaaa')
    expect(b.toString()).toBe('zzzz')
    expect(cache.stats().bytes).toBeLessThanOrEqual(10)
    expect(cache.stats().entries).toBe(2)
  })

  it('returns a file larger than maxBytes without keeping it', async () => {
    const cache = createDocumentCache({ maxBytes: 10 })

    const file = await cache.get('big', async () => Buffer.alloc(11))

    expect(file).toHaveLength(11)
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 })
  })

  it('does not cache a failed render: every waiter sees the error and the next get renders again', async () => {
    const cache = createDocumentCache({ maxBytes: 1024 })
    const failing = deferred()
    const first = cache.get('pdf:2', () => failing.promise)
    const joined = cache.get('pdf:2', async () => Buffer.from('unused'))
    failing.reject(new Error('pdfkit exploded'))
    await expect(first).rejects.toThrow('pdfkit exploded')
    await expect(joined).rejects.toThrow('pdfkit exploded')

    const file = await cache.get('pdf:2', async () => Buffer.from('%PDF-two'))

    expect(file.toString()).toBe('%PDF-two')
    expect(cache.stats()).toEqual({ entries: 1, bytes: 8, hits: 1, misses: 2 })
  })

  it('rejects a maxBytes that is not a positive integer', () => {
    const create = (): unknown => createDocumentCache({ maxBytes: 0 })

    expect(create).toThrow('maxBytes must be a positive integer, got 0')
  })
})
