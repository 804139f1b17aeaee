/**
 * The app on a real port (0: any free one), for what `inject` cannot show: two servers side by side,
 * real sockets, real bytes.
 */
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
