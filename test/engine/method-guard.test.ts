import Fastify, { type FastifyInstance } from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { collectRoutes } from '../../src/engine/method-guard.js'
import { ENGINE_ERRORS, isMockError } from '../../src/engine/mock-error.js'

/** GET+POST /items, DELETE /items/:id and a hidden GET /internal, guarded; errors answer `{ code }`. */
async function guardedApp (): Promise<FastifyInstance> {
  const app = Fastify()
  onTestFinished(async () => { await app.close() })
  app.setErrorHandler(async (err, _request, reply) => {
    if (!isMockError(err)) throw err
    return reply.code((ENGINE_ERRORS as Record<string, number>)[err.code] ?? 500).headers(err.detail.headers ?? {}).send({ code: err.code })
  })
  const guard = collectRoutes(app)
  app.get('/items', async () => [])
  app.post('/items', async () => ({}))
  app.delete('/items/:id', async () => ({}))
  app.get('/internal', { schema: { hide: true } }, async () => ({}))
  guard()
  return app
}

describe('collectRoutes (405 for a known path with another method)', () => {
  it('answers 405 METHOD_NOT_ALLOWED with Allow listing the path\'s methods', async () => {
    const app = await guardedApp()

    const res = await app.inject({ method: 'PUT', url: '/items' })

    expect(res.statusCode).toBe(405)
    expect(res.headers.allow).toBe('GET, POST')
    expect(res.json()).toEqual({ code: 'METHOD_NOT_ALLOWED' })
  })

  it('guards each path with its own methods', async () => {
    const app = await guardedApp()

    const res = await app.inject({ method: 'GET', url: '/items/7' })

    expect(res.statusCode).toBe(405)
    expect(res.headers.allow).toBe('DELETE')
  })

  it('leaves documented methods, and HEAD of a GET, to their routes', async () => {
    const app = await guardedApp()

    const statuses = await Promise.all((['GET', 'POST', 'HEAD'] as const).map(async (method) => (await app.inject({ method, url: '/items' })).statusCode))

    expect(statuses).toEqual([200, 200, 200])
  })

  it('does not guard hidden routes', async () => {
    const app = await guardedApp()

    const res = await app.inject({ method: 'POST', url: '/internal' })

    expect(res.statusCode).toBe(404)
  })
})
