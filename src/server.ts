/**
 * `startMockServer()`: the whole mock on a real port for another project's tests (a Vitest or Jest
 * global setup), with every URL a consumer needs and one function to stop it.
 */
import type { FastifyInstance } from 'fastify'
import { mocks } from '../mocks/index.js'
import { ADMIN_PREFIX } from './admin/index.js'
import { buildApp } from './app.js'
import { TOKEN_PATH } from './auth/token-endpoint.js'
import type { Config } from './config.js'

/** The id of an API of the registry (mocks/index.ts), each mounted under `/<id>`. */
export type ApiId = typeof mocks[number]['id']

/** The ids of the APIs, in the registry's order. */
export const API_IDS: readonly ApiId[] = mocks.map((mock) => mock.id)

/** Options of `startMockServer`: any server option; the port defaults to a free one, the log level to `warn`. */
export type MockServerOptions = Partial<Config>

export interface MockServer {
  /** The server's root, e.g. `http://127.0.0.1:41873`. */
  url: string
  /** Each API's base URL by id (`apis['bo-billing']` → `http://127.0.0.1:41873/bo-billing`): a consumer's base URL. */
  apis: Readonly<Record<ApiId, string>>
  /** The OAuth client-credentials token URL, `grant_type` included (client `qa-client` / `qa-secret`). */
  tokenUrl: string
  /** The Swagger UI page over every API. */
  docsUrl: string
  /** The admin API (scenarios, request journal, reset); undefined with `admin: false`. */
  adminUrl: string | undefined
  healthUrl: string
  /** The Fastify instance, for `app.mocks` (scenarios, journal, reload) without HTTP. */
  app: FastifyInstance
  /** Stops listening and frees everything; calling it again does nothing. */
  close: () => Promise<void>
}

/**
 * Builds the server and listens (127.0.0.1 and a free port unless told otherwise).
 * @example
 * const server = await startMockServer({ seed: 7 })
 * const tokens = clientCredentials({ tokenUrl: server.tokenUrl, clientId: 'qa-client', clientSecret: 'qa-secret' })
 * const bills = await createBoBillingClient({ baseUrl: server.apis['bo-billing'], tokens }).getBills({ idType: 'CLIENT_NUMBER', id: 70000001, contractNumber: 80000001 })
 * await server.close()
 */
export async function startMockServer (options: MockServerOptions = {}): Promise<MockServer> {
  const app = await buildApp({ host: '127.0.0.1', port: 0, logLevel: 'warn', ...options })
  const { host, port } = app.mocks.config
  let address: string
  try {
    address = await app.listen({ host, port })
  } catch (err) {
    await app.close()
    throw err
  }
  const url = address.replace('[::1]', 'localhost')
  let closing: Promise<void> | undefined
  return {
    url,
    apis: Object.fromEntries(mocks.map((mock) => [mock.id, `${url}/${mock.id}`])) as Record<ApiId, string>,
    tokenUrl: `${url}${TOKEN_PATH}?grant_type=client_credentials`,
    docsUrl: `${url}/docs`,
    adminUrl: app.mocks.config.admin ? `${url}${ADMIN_PREFIX}` : undefined,
    healthUrl: `${url}/health`,
    app,
    close: async () => {
      closing ??= app.close()
      await closing
    }
  }
}
