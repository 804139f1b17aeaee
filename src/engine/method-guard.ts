/**
 * Fastify answers 404 for a known path with an unknown method; the APIs document 405. The guard collects
 * each path's methods as routes are added, then registers the missing methods as hidden routes that
 * throw METHOD_NOT_ALLOWED with an `Allow` header.
 */
import type { FastifyInstance } from 'fastify'
import { mockError } from './mock-error.js'

const GUARDED = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const

/**
 * Starts collecting routes; call the returned function after the API's routes are registered.
 * @example
 * const guard = collectRoutes(app)
 * await app.register(routes)
 * guard()
 */
export function collectRoutes (app: FastifyInstance): () => void {
  const methods = new Map<string, Set<string>>()
  app.addHook('onRoute', (route) => {
    if (route.schema?.hide === true) return
    const set = methods.get(route.routePath) ?? new Set<string>()
    for (const method of [route.method].flat()) set.add(method.toUpperCase())
    if (set.has('GET')) set.add('HEAD') // Fastify exposes HEAD for every GET
    methods.set(route.routePath, set)
  })

  return () => {
    for (const [path, allowed] of [...methods]) {
      const missing = GUARDED.filter((method) => !allowed.has(method))
      if (missing.length === 0) continue
      const allow = [...allowed].filter((method) => method !== 'HEAD' || !allowed.has('GET')).join(', ')
      app.route({
        method: missing,
        url: path === '' ? '/' : path,
        schema: { hide: true },
        config: { methodGuard: true },
        // Before the body is read: a wrong method is a 405 whatever it carries (no 413 or 415 first).
        onRequest: async (request) => {
          throw mockError('METHOD_NOT_ALLOWED', {
            message: `Method ${request.method} is not allowed on ${request.url.split('?')[0] ?? ''}; allowed: ${allow}.`,
            headers: { allow }
          })
        },
        handler: async () => undefined
      })
    }
  }
}
