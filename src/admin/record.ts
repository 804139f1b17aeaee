/**
 * Writes every request to the journal when its answer has gone out: what the application sent (secrets
 * masked), the route that answered or, when none did, the nearest routes and why they missed.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Runtime } from '../engine/runtime.js'
import type { JournalEntry } from './journal.js'
import { nearMisses, type KnownRoute } from './near-miss.js'

/** Paths that are not API traffic: the journal would only fill up with them. */
const UNJOURNALLED = /^\/(__admin|docs|health|favicon\.ico)(\/|$|\?)/
const MASKED_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-admin-token'])
/** Names of form fields and query parameters whose values never reach the journal (client_secret, access_token…). */
const SECRET_NAME = /secret|password|token/i
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

  app.addHook('onResponse', async (request, reply) => {
    if (UNJOURNALLED.test(request.url)) return
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
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 100) / 100
    }
    const body = journalBody(request)
    if (body !== undefined) entry.body = body
    if (request.scenario !== null && request.scenario !== undefined) {
      const { name, source, state } = request.scenario
      entry.scenario = state === undefined ? { name, source } : { name, source, state }
    }
    if (unmatched) entry.nearMisses = nearMisses(request.method, path, routes)
    if (request.errorBody !== null) entry.responseBody = request.errorBody
    runtime.journal.record(entry)
  })
}

declare module 'fastify' {
  interface FastifyRequest {
    /** An error answer's body, kept for the journal. */
    errorBody: string | null
  }
  interface FastifyContextConfig {
    /** Set on the hidden routes that answer 405: for the journal they matched no route. */
    methodGuard?: boolean
  }
}

function maskHeaders (headers: FastifyRequest['headers']): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    const text = Array.isArray(value) ? value.join(', ') : String(value)
    // Keep the scheme, so "Basic" vs "Bearer" stays visible; never the credentials.
    out[name] = MASKED_HEADERS.has(name) ? text.replace(/^(\w+\s+)?.*$/s, (_all, scheme: string | undefined) => `${scheme ?? ''}[masked]`) : text
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

/** Form fields such as client_secret never reach the journal. */
function maskSecrets (body: object): unknown {
  return JSON.parse(JSON.stringify(body, (key, value: unknown) => SECRET_NAME.test(key) && typeof value === 'string' ? '[masked]' : value))
}

/** Nor do secrets a client puts in the URL (`?client_secret=…`, `?access_token=…`); the rest stays as sent. */
function maskQuery (url: string): string {
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
