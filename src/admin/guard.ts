/**
 * Who may call the admin API (and anything else mounted under /__admin, such as a console page): requests
 * addressed to this machine by name (the Host rule against DNS rebinding, allowed-hosts.ts), no changes from
 * another site's pages (a bodyless cross-site POST needs no CORS preflight), and the --admin-token when set.
 * Each refusal is an AdminError, answered in the admin API's `{error, message}`.
 */
import type { FastifyInstance } from 'fastify'
import { sameSecret } from '../auth/secrets.js'
import { bearerToken } from '../auth/tokens.js'
import { isLoopback, type Config } from '../config.js'
import { hostRule } from './allowed-hosts.js'

/** Where the admin API is mounted. */
export const ADMIN_PREFIX = '/__admin'

/** A failure of the admin API with its status and `error` code. */
export class AdminError extends Error {
  readonly status: number
  readonly code: string

  constructor (status: number, code: string, message: string) {
    super(message)
    this.status = status
    this.code = code
  }
}

/**
 * Registers the three checks as onRequest hooks of the admin context.
 * @example
 * guardAdmin(app, config) // inside the plugin mounted at /__admin
 */
export function guardAdmin (app: FastifyInstance, config: Pick<Config, 'host' | 'allowedHosts' | 'adminToken'>): void {
  // DNS rebinding: a page whose domain now points at this machine sends its own name as Host, and would
  // otherwise pass the Origin check below with it (src/admin/allowed-hosts.ts).
  const allowsHost = hostRule(config)
  app.addHook('onRequest', async (request) => {
    if (allowsHost(request.headers.host)) return
    throw new AdminError(403, 'forbidden_host', `The admin API answers only requests addressed to this machine: a loopback name, an IP address, --host, or a name in --allowed-hosts. Host ${JSON.stringify(request.headers.host ?? '')} is none of them, which is how a DNS-rebinding page looks. If you reach the mock under that name (a compose service, say), start it with --allowed-hosts ${hostname(request.headers.host)} (BILLING_MOCKS_ALLOWED_HOSTS).`)
  })

  // A page on another site must not drive a developer's mock through their browser (a bodyless
  // cross-site POST needs no CORS preflight). Local pages (/docs, a local dashboard) may.
  app.addHook('onRequest', async (request) => {
    if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return
    const origin = request.headers.origin
    if (origin === undefined) return
    let host = ''
    let hostname = ''
    try {
      ({ host, hostname } = new URL(origin))
    } catch {}
    if (!isLoopback(hostname) && host !== request.headers.host) {
      throw new AdminError(403, 'forbidden', `The admin API refuses changes from pages of another site (Origin ${origin}). Call it from a test, a script, or a page on this server or on localhost.`)
    }
  })

  const token = config.adminToken
  if (token !== undefined) {
    app.addHook('onRequest', async (request) => {
      // The document only describes the API (and how to send the token); /docs must load it without one. The
      // console's page and script are static, hold no state, and ask for the token before any call.
      if (request.routeOptions.url === `${ADMIN_PREFIX}/openapi.json` || request.routeOptions.url?.startsWith(`${ADMIN_PREFIX}/console`) === true) return
      const given = request.headers['x-admin-token'] ?? bearerToken(request.headers.authorization)
      if (typeof given !== 'string' || !sameSecret(given, token)) {
        throw new AdminError(401, 'unauthorized', 'The admin API needs the --admin-token value, as "Authorization: Bearer <token>" or "X-Admin-Token: <token>".')
      }
    })
  }
}

/** A Host header's name without the port, for a message. */
function hostname (host: string | undefined): string {
  return (host ?? '').replace(/:\d+$/, '') || '<name>'
}
