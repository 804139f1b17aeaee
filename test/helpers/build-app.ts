/**
 * The app under test, built the way the CLI builds it but silent, and closed when the test ends.
 */
import type { FastifyInstance } from 'fastify'
import { onTestFinished } from 'vitest'
import { buildApp } from '../../src/app.js'
import { TOKEN_PATH } from '../../src/auth/token-endpoint.js'
import type { Config } from '../../src/config.js'

/** The OAuth client of fixtures/default.yaml. */
export const QA_CLIENT = { id: 'qa-client', secret: 'qa-secret' } as const

/**
 * Builds the whole server (no listen) and closes it when the current test finishes.
 * @example
 * const app = await buildTestApp({ seed: 7 })
 * const res = await app.inject({ url: '/health' })
 */
export async function buildTestApp (overrides: Partial<Config> = {}): Promise<FastifyInstance> {
  const app = await buildApp({ logLevel: 'silent', ...overrides })
  onTestFinished(async () => { await app.close() })
  return app
}

/**
 * An HTTP Basic `Authorization` value.
 * @example
 * basicAuth('qa-client', 'qa-secret') // 'Basic cWEtY2xpZW50OnFhLXNlY3JldA=='
 */
export function basicAuth (clientId: string, secret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`
}

/**
 * Gets a token from the app's token endpoint and returns the header that carries it.
 * @example
 * const res = await app.inject({ url: '/bo-billing/...', headers: await bearerHeader(app) })
 */
export async function bearerHeader (app: FastifyInstance, clientId: string = QA_CLIENT.id, secret: string = QA_CLIENT.secret): Promise<{ authorization: string }> {
  const res = await app.inject({
    method: 'POST',
    url: `${TOKEN_PATH}?grant_type=client_credentials`,
    headers: { authorization: basicAuth(clientId, secret) }
  })
  if (res.statusCode !== 200) {
    throw new Error(`The token endpoint refused ${clientId}: ${res.statusCode} ${res.body}. Use a client of the fixture files.`)
  }
  return { authorization: `Bearer ${(res.json<{ access_token: string }>()).access_token}` }
}
