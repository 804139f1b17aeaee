/**
 * Closing lets the requests in flight finish, then lets go. Fastify stops listening and closes the idle
 * keep-alive connections when `close()` begins; a connection whose request was still in flight then stays
 * open after its answer (keep-alive), and `close()` would wait for it until the client hangs up or the
 * keep-alive timeout (72 s). So while closing, idle connections are closed as soon as they become idle.
 *
 * Requests still in flight when the grace (`--shutdown-grace`, 10 s) runs out are cut off: their connections
 * are closed, each is logged at warn (method, path, how long it had run), and the close completes, so the
 * process exits 0 as after any stop it was asked for. The cost per request is two property writes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { maskQuery } from '../auth/secrets.js'

/** How often, while closing, connections that have become idle are closed. */
const SWEEP_MS = 50

export interface GracefulCloseOptions {
  /** How long requests in flight may go on once closing begins, in milliseconds. */
  graceMs: number
}

/** The response a connection is answering now (set per request: one property write, no listener). */
const ANSWERING = Symbol('billing-mocks graceful-close answering')
/** When that response's request arrived. */
const SINCE = Symbol('billing-mocks graceful-close since')
type TrackedSocket = Socket & { [ANSWERING]?: ServerResponse & { [SINCE]?: number } }

async function gracefulClose (app: FastifyInstance, { graceMs }: GracefulCloseOptions): Promise<void> {
  // Connections, not requests, are tracked: a keep-alive connection carries many requests, and what a
  // request costs here is one property write.
  const connections = new Set<TrackedSocket>()
  const connected = (socket: TrackedSocket): void => {
    connections.add(socket)
    socket.once('close', () => { connections.delete(socket) })
  }
  const answering = (request: IncomingMessage, response: ServerResponse): void => {
    (response as ServerResponse & { [SINCE]?: number })[SINCE] = performance.now()
    ;(request.socket as TrackedSocket)[ANSWERING] = response
  }
  app.server.on('connection', connected)
  app.server.on('request', answering)

  let sweeper: NodeJS.Timeout | undefined
  let deadline: NodeJS.Timeout | undefined
  app.addHook('preClose', (done) => {
    sweeper = setInterval(() => { app.server.closeIdleConnections() }, SWEEP_MS).unref()
    deadline = setTimeout(() => {
      for (const socket of connections) {
        const response = socket[ANSWERING]
        if (response === undefined || response.writableEnded) continue
        app.log.warn({ method: response.req.method, url: maskQuery(response.req.url ?? ''), ranMs: Math.round(performance.now() - (response[SINCE] ?? performance.now())) }, `shutdown: cut off a request still in flight after the ${graceMs} ms grace`)
      }
      app.server.closeAllConnections()
    }, graceMs).unref()
    done()
  })
  app.addHook('onClose', (_instance, done) => {
    clearInterval(sweeper)
    clearTimeout(deadline)
    app.server.off('connection', connected)
    app.server.off('request', answering)
    done()
  })
}

export default fp(gracefulClose, { name: 'billing-mocks-graceful-close', fastify: '5.x' })
