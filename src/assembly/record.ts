/**
 * Writes every request to the journal when its exchange ends: what the application sent (secrets masked),
 * the route that answered or, when none did, the nearest routes and why they missed. "Ends" is the
 * response's `close`, not Fastify's `onResponse`, so requests whose connection a fault broke (reset, empty
 * reply, truncated body) are journalled too, with status 0 when no status line went out.
 */
import { IncomingMessage } from 'node:http'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Runtime } from './runtime.js'
import type { JournalEntry, RawExchange } from './journal.js'
import { nearMisses, type KnownRoute } from './near-miss.js'
import { maskHeaders, maskQuery, maskSecrets } from '../auth/secrets.js'
import type { Replay } from './replay.js'

/** Paths that are not API traffic: the journal would only fill up with them. */
const UNJOURNALLED = /^\/(__admin|docs|health|favicon\.ico)(\/|$|\?)/
const MAX_BODY = 4096
const MAX_RESPONSE_BODY = 2048
const NO_HEADERS: Record<string, string> = Object.freeze({}) as Record<string, string>
const REPLY = Symbol('billing-mocks journal reply')
type ExchangeResponse = FastifyReply['raw'] & { [REPLY]?: FastifyReply }

async function record (app: FastifyInstance, { runtime, replay }: { runtime: Runtime, replay?: Replay }): Promise<void> {
  const routes: KnownRoute[] = []
  app.addHook('onRoute', (route) => {
    if (route.schema?.hide === true || route.url.startsWith('/__admin')) return
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routes.push({ method, url: route.url })
    }
  })

  const apiIds = new Set(runtime.apis.map((api) => api.id))
  app.decorateRequest('errorBody', null)

  // Callback-style hooks: on every request, an async hook's promise is measurable cost.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (reply.statusCode >= 400 && typeof payload === 'string') request.errorBody = payload.slice(0, MAX_RESPONSE_BODY)
    done(null, payload)
  })

  app.decorateRequest('journalGeneration', 0)
  app.decorateRequest('arrivedAt', 0)
  app.addHook('onRequest', (request, reply, done) => {
    if (!UNJOURNALLED.test(request.url)) {
      // A request that began before a reset or a clear is not journalled after it.
      request.journalGeneration = runtime.state.journal.generation()
      // The arrival instant, whole milliseconds on the wall clock: `?since=` compares against it.
      request.arrivedAt = Date.now()
      // One shared listener (`on`: a response closes once) rather than a closure per request.
      ;(reply.raw as ExchangeResponse)[REPLY] = reply
      reply.raw.on('close', journalOnClose)
    }
    done()
  })

  function journalOnClose (this: ExchangeResponse): void {
    const reply = this[REPLY]
    if (reply !== undefined) journal(reply.request, reply)
  }

  /** The path, and the API it is under (the token endpoint's is "oauth"). */
  const whereIs = (url: string): { path: string, api: string | null } => {
    const query = url.indexOf('?')
    const path = query === -1 ? url : url.slice(0, query)
    const first = path.split('/', 2)[1] ?? ''
    return { path, api: apiIds.has(first) ? first : first === 'oauth' ? 'oauth' : null }
  }

  /** An entry's filterable fields; strings and dates are made when the entry is read (describeWith below). */
  const entryOf = (method: string, url: string, { path, api }: { path: string, api: string | null }, route: string | null, status: number): Omit<JournalEntry, 'id'> =>
    ({ at: '', method, url, path, api, route, headers: NO_HEADERS, status, durationMs: 0 })

  // What the filters need is taken now; masking, the body and near misses only when someone reads the entry.
  const journal = (request: FastifyRequest, reply: FastifyReply): void => {
    if (request.journalGeneration !== runtime.state.journal.generation()) return
    const { url, method, headers, body } = request
    const where = whereIs(url)
    const { path } = where
    const { config, url: routeUrl } = request.routeOptions
    const unmatched = request.is404 || config.methodGuard === true
    const route = unmatched ? null : routeUrl ?? path
    const entry = entryOf(method, url, where, route, reply.raw.headersSent ? reply.statusCode : 0)
    if (request.scenario !== null && request.scenario !== undefined) {
      const { name, source, state } = request.scenario
      entry.scenario = state === undefined ? { name, source } : { name, source, state }
    }
    if (request.recorded) entry.recorded = true
    const raw: RawExchange = { arrivedAt: request.arrivedAt, url, method, path, route, elapsed: reply.elapsedTime, headers, unmatched, errorBody: request.errorBody }
    // A large body is cut now (up to 64 KiB may arrive), so the ring does not keep it whole.
    if (Number(headers['content-length'] ?? 0) > MAX_BODY) raw.shownBody = journalBody(body)
    else raw.body = body
    runtime.state.journal.record(entry, raw)
  }

  // A replayed answer (src/assembly/replay.ts) is journalled as its first exchange was: same route, same body.
  // Its headers are kept as they arrived and made into an object only when the entry is read.
  replay?.journalWith({
    first: (request): FirstExchange => {
      const where = whereIs(request.url)
      return { where, route: request.routeOptions.url ?? where.path, body: request.body }
    },
    again: (req, first, status, arrivedAt, elapsed) => {
      const { where, route, body } = first as FirstExchange
      const url = req.url ?? ''
      const method = req.method ?? 'GET'
      runtime.state.journal.record(
        entryOf(method, url, where, route, status),
        { arrivedAt, url, method, path: where.path, route, elapsed, headers: NO_HEADERS, rawHeaders: req.rawHeaders, body, unmatched: false, errorBody: null }
      )
    }
  })

  runtime.state.journal.describeWith((raw) => {
    const details: Partial<JournalEntry> = {
      at: new Date(raw.arrivedAt).toISOString(),
      url: maskQuery(raw.url),
      route: raw.route === null ? null : `${raw.method} ${raw.route}`,
      headers: maskHeaders(raw.rawHeaders === undefined ? raw.headers : headersOf(raw.rawHeaders)),
      durationMs: Math.round(raw.elapsed * 100) / 100
    }
    const shown = raw.shownBody ?? journalBody(raw.body)
    if (shown !== undefined) details.body = shown
    if (raw.unmatched) details.nearMisses = nearMisses(raw.method, raw.path, routes)
    if (raw.errorBody !== null) details.responseBody = raw.errorBody
    return details
  })
}

interface FirstExchange {
  where: { path: string, api: string | null }
  route: string
  body: unknown
}

const addHeaderLine = (IncomingMessage.prototype as unknown as { _addHeaderLine?: (name: string, value: string, into: Record<string, string | string[]>) => void })._addHeaderLine

/**
 * Headers as Node's `request.headers` has them (names in lower case; a repeated header joined, or dropped
 * where HTTP allows one only), from `rawHeaders`: Node's own folding where it is reachable.
 * @example
 * headersOf(['Host', 'a', 'X-Tag', '1', 'x-tag', '2']) // { host: 'a', 'x-tag': '1, 2' }
 */
export function headersOf (rawHeaders: string[]): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {}
  const self = { joinDuplicateHeaders: false }
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string
    const value = rawHeaders[i + 1] as string
    if (addHeaderLine !== undefined) {
      addHeaderLine.call(self, name, value, headers)
      continue
    }
    const key = name.toLowerCase()
    const known = headers[key]
    headers[key] = known === undefined ? value : `${String(known)}, ${value}`
  }
  return headers
}

declare module 'fastify' {
  interface FastifyRequest {
    /** An error answer's body, kept for the journal. */
    errorBody: string | null
    /** The journal's generation when the request arrived. */
    journalGeneration: number
    /** When it arrived (epoch milliseconds). */
    arrivedAt: number
  }
  interface FastifyContextConfig {
    /** Set on the hidden routes that answer 405: for the journal they matched no route. */
    methodGuard?: boolean
  }
}

/**
 * A request body as the journal shows it: secret-named fields masked, cut past 4 KB.
 * @example
 * journalBody({ client_secret: 's' }) // { client_secret: '[masked]' }
 */
export function journalBody (body: unknown): unknown {
  if (body === undefined || body === null) return undefined
  if (typeof body === 'object' && !Buffer.isBuffer(body)) {
    let text: string
    try {
      text = JSON.stringify(maskSecrets(body))
    } catch {
      // JSON nested thousands of levels deep overflows the stack of any walk over it: say so, and keep the
      // journal readable.
      return '(a JSON body nested too deeply to show)'
    }
    return text.length <= MAX_BODY ? JSON.parse(text) : `${text.slice(0, MAX_BODY)}… (${text.length} characters)`
  }
  const text = String(body)
  return text.length <= MAX_BODY ? text : `${text.slice(0, MAX_BODY)}… (${text.length} characters)`
}

export default fp(record, { name: 'billing-mocks-journal', fastify: '5.x' })
