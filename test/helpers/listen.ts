/**
 * The app on a real port (0: any free one), for what `inject` cannot show: two servers side by side,
 * real sockets, real bytes.
 */
import { connect } from 'node:net'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'
import { buildTestApp } from './build-app.js'
import type { Exchange } from './openapi.js'

/**
 * Builds the app, listens on 127.0.0.1 and an ephemeral port, and closes it when the test finishes.
 * @example
 * const { baseUrl } = await listenTestApp({ seed: 7 })
 * const res = await fetch(`${baseUrl}/health`)
 */
export async function listenTestApp (overrides: Partial<Config> = {}): Promise<{ app: FastifyInstance, baseUrl: string }> {
  const app = await buildTestApp(overrides)
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 })
  return { app, baseUrl }
}

/**
 * A real HTTP request, recorded in the shape `expectDocumented` reads, with the body's exact bytes.
 * @example
 * const res = await fetchExchange(baseUrl, '/masstack/v2/orgs/telco/accounts/214748364/invoices', { headers })
 */
export async function fetchExchange (baseUrl: string, path: string, init: RequestInit = {}): Promise<Exchange & { rawPayload: Buffer }> {
  const res = await fetch(new URL(path, baseUrl), init)
  const rawPayload = Buffer.from(await res.arrayBuffer())
  return {
    method: init.method ?? 'GET',
    url: path,
    statusCode: res.status,
    headers: Object.fromEntries(res.headers),
    body: rawPayload.toString('utf8'),
    rawPayload
  }
}

/**
 * Raw bytes on a new connection, and everything the server sends back until it closes the connection: send
 * `Connection: close`, or a request it refuses. Written, not ended: a half-closed connection may be closed
 * before a slow answer is written. `head` and `body` are latin1, as the bytes came.
 * @example
 * const { status } = await rawExchange(baseUrl, 'GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n')
 */
export async function rawExchange (baseUrl: string, request: string): Promise<{ status: number, head: string, body: string, raw: string }> {
  const { hostname, port } = new URL(baseUrl)
  return await new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => { socket.write(request) })
    let raw = ''
    socket.setEncoding('latin1')
    socket.on('data', (chunk: string) => { raw += chunk })
    socket.on('error', reject)
    socket.on('close', () => {
      const end = raw.indexOf('\r\n\r\n')
      const head = end === -1 ? raw : raw.slice(0, end)
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), head, body: end === -1 ? '' : raw.slice(end + 4), raw })
    })
  })
}
