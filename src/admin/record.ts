/**
 * Writes every request to the journal when its exchange ends: what the application sent (secrets masked),
 * the route that answered or, when none did, the nearest routes and why they missed. "Ends" is the
 * response's `close`, not Fastify's `onResponse`, so requests whose connection a fault broke (reset, empty
 * reply, truncated body) are journalled too, with status 0 when no status line went out.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Runtime } from '../engine/runtime.js'
import type { JournalEntry } from './journal.js'
import { nearMisses, type KnownRoute } from './near-miss.js'
import { SECRET_NAME } from '../auth/secrets.js'

/** Paths that are not API traffic: the journal would only fill up with them. */
const UNJOURNALLED = /^\/(__admin|docs|health|favicon\.ico)(\/|$|\?)/
const MAX_HEADER = 1024
const MAX_BODY = 4096
const MAX_RESPONSE_BODY = 2048

async function record (app: FastifyInstance, { runtime }: { runtime: Runtime }): Promise<void> {
  const routes: KnownRoute[] = []
  app.addHook('onRoute', (route) => {
    if (route.schema?.hide === true || route.url.startsWith('/__admin')) return
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routes.push({ method, url: route.url })
    }
  })

  const apiIds = new Set(runtime.apis.map((api) => api.id))
  app.decorateRequest('errorBody', null)

  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode >= 400 && typeof payload === 'string') request.errorBody = payload.slice(0, MAX_RESPONSE_BODY)
    return payload
  })

  app.decorateRequest('journalGeneration', 0)
  app.addHook('onRequest', async (request, reply) => {
    if (UNJOURNALLED.test(request.url)) return
    // A request that began before a reset or a clear is not journalled after it.
    request.journalGeneration = runtime.journal.generation()
    reply.raw.once('close', () => { journal(request, reply) })
  })

  const journal = (request: FastifyRequest, reply: FastifyReply): void => {
    if (request.journalGeneration !== runtime.journal.generation()) return
    const path = request.url.split('?')[0] ?? request.url
    const first = path.split('/')[1] ?? ''
    const unmatched = request.is404 || request.routeOptions.config.methodGuard === true
    const entry: Omit<JournalEntry, 'id'> = {
      at: new Date(Date.now() - reply.elapsedTime).toISOString(),
      method: request.method,
      url: maskQuery(request.url),
      path,
      api: apiIds.has(first) ? first : first === 'oauth' ? 'oauth' : null,
      route: unmatched ? null : `${request.method} ${request.routeOptions.url ?? path}`,
      headers: maskHeaders(request.headers),
      status: reply.raw.headersSent ? reply.statusCode : 0,
      durationMs: Math.round(reply.elapsedTime * 100) / 100
    }
    const body = journalBody(request)
    if (body !== undefined) entry.body = body
    if (request.scenario !== null && request.scenario !== undefined) {
      const { name, source, state } = request.scenario
      entry.scenario = state === undefined ? { name, source } : { name, source, state }
    }
    if (request.recorded) entry.recorded = true
    if (unmatched) entry.nearMisses = nearMisses(request.method, path, routes)
    if (request.errorBody !== null) entry.responseBody = request.errorBody
    runtime.journal.record(entry)
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** An error answer's body, kept for the journal. */
    errorBody: string | null
    /** The journal's generation when the request arrived. */
    journalGeneration: number
  }
  interface FastifyContextConfig {
    /** Set on the hidden routes that answer 405: for the journal they matched no route. */
    methodGuard?: boolean
  }
}

/**
 * Request headers as the journal shows them: credentials masked (the scheme kept), long values cut.
 * @example
 * maskHeaders({ authorization: 'Bearer eyJ…', accept: 'application/json' }) // { authorization: 'Bearer [masked]', accept: 'application/json' }
 */
export function maskHeaders (headers: FastifyRequest['headers']): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    const text = Array.isArray(value) ? value.join(', ') : String(value)
    // Keep the scheme, so "Basic" vs "Bearer" stays visible; never the credentials.
    const shown = text.length > MAX_HEADER ? `${text.slice(0, MAX_HEADER)}… (${text.length} characters)` : text
    out[name] = SECRET_NAME.test(name) ? text.replace(/^(\w+\s+)?.*$/s, (_all, scheme: string | undefined) => `${scheme ?? ''}[masked]`) : shown
  }
  return out
}

function journalBody (request: FastifyRequest): unknown {
  const body = request.body
  if (body === undefined || body === null) return undefined
  if (typeof body === 'object' && !Buffer.isBuffer(body)) {
    const text = JSON.stringify(maskSecrets(body))
    return text.length <= MAX_BODY ? JSON.parse(text) : `${text.slice(0, MAX_BODY)}… (${text.length} characters)`
  }
  const text = String(body)
  return text.length <= MAX_BODY ? text : `${text.slice(0, MAX_BODY)}… (${text.length} characters)`
}

/**
 * A copy of a parsed body whose secret-named fields (client_secret, access_token, password…) are masked:
 * they never reach the journal.
 * @example
 * maskSecrets({ grant_type: 'client_credentials', client_secret: 's3cr3t' }) // { grant_type: 'client_credentials', client_secret: '[masked]' }
 */
export function maskSecrets (body: object): unknown {
  return JSON.parse(JSON.stringify(body, (key, value: unknown) => SECRET_NAME.test(key) && typeof value === 'string' ? '[masked]' : value))
}

/**
 * Nor do secrets a client puts in the URL (`?client_secret=…`, `?access_token=…`); the rest stays as sent.
 * @example
 * maskQuery('/x?access_token=abc&page=2') // '/x?access_token=[masked]&page=2'
 */
export function maskQuery (url: string): string {
  const start = url.indexOf('?')
  if (start === -1) return url
  const query = url.slice(start + 1).split('&').map((pair) => {
    const separator = pair.indexOf('=')
    if (separator === -1) return pair
    let name = pair.slice(0, separator)
    try {
      name = decodeURIComponent(name.replaceAll('+', ' '))
    } catch {}
    return SECRET_NAME.test(name) ? `${pair.slice(0, separator)}=[masked]` : pair
  })
  return `${url.slice(0, start)}?${query.join('&')}`
}

export default fp(record, { name: 'billing-mocks-journal', fastify: '5.x' })
