/**
 * Closing lets the requests in flight finish, then lets go. Fastify stops listening and closes the idle
 * keep-alive connections when `close()` begins; a connection whose request was still in flight then stays
 * open after its answer (keep-alive), and `close()` would wait for it until the client hangs up or the
 * keep-alive timeout (72 s). So while closing, idle connections are closed as soon as they become idle.
 *
 * Requests still in flight when the grace (`--shutdown-grace`, 10 s) runs out are cut off: their connections
 * are closed, each is logged at warn (method, path, how long it had run), and the close completes, so the
 * process exits 0 as after any stop it was asked for. The cost per request is one Set entry.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { maskQuery } from '../auth/secrets.js'

/** How often, while closing, connections that have become idle are closed. */
const SWEEP_MS = 50

export interface GracefulCloseOptions {
  /** How long requests in flight may go on once closing begins, in milliseconds. */
  graceMs: number
}

async function gracefulClose (app: FastifyInstance, { graceMs }: GracefulCloseOptions): Promise<void> {
  const inFlight = new Map<IncomingMessage, number>()
  const track = (request: IncomingMessage, response: ServerResponse): void => {
    inFlight.set(request, performance.now())
    response.once('close', () => { inFlight.delete(request) })
  }
  app.server.on('request', track)

  let sweeper: NodeJS.Timeout | undefined
  let deadline: NodeJS.Timeout | undefined
  app.addHook('preClose', (done) => {
    sweeper = setInterval(() => { app.server.closeIdleConnections() }, SWEEP_MS).unref()
    deadline = setTimeout(() => {
      const now = performance.now()
      for (const [request, since] of inFlight) {
        app.log.warn({ method: request.method, url: maskQuery(request.url ?? ''), ranMs: Math.round(now - since) }, `shutdown: cut off a request still in flight after the ${graceMs} ms grace`)
      }
      app.server.closeAllConnections()
    }, graceMs).unref()
    done()
  })
  app.addHook('onClose', (_instance, done) => {
    clearInterval(sweeper)
    clearTimeout(deadline)
    app.server.off('request', track)
    done()
  })
}

export default fp(gracefulClose, { name: 'billing-mocks-graceful-close', fastify: '5.x' })
