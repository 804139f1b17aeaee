/**
 * Closing lets the requests in flight finish, then lets go. Fastify stops listening and closes the idle
 * keep-alive connections when `close()` begins; a connection whose request was still in flight then stays
 * open after its answer (keep-alive), and `close()` would wait for it until the client hangs up or the
 * keep-alive timeout (72 s) — past close-with-grace's 10 s, which then exits 1. So while closing, idle
 * connections are closed as soon as they become idle. Nothing runs per request.
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/** How often, while closing, connections that have become idle are closed. */
const SWEEP_MS = 50

async function gracefulClose (app: FastifyInstance): Promise<void> {
  let sweeper: NodeJS.Timeout | undefined
  app.addHook('preClose', (done) => {
    sweeper = setInterval(() => { app.server.closeIdleConnections() }, SWEEP_MS).unref()
    done()
  })
  app.addHook('onClose', (_instance, done) => {
    clearInterval(sweeper)
    done()
  })
}

export default fp(gracefulClose, { name: 'billing-mocks-graceful-close', fastify: '5.x' })
