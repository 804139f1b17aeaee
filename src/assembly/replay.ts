/**
 * Replay: the second time the same request arrives — same method, URL and headers, byte for byte, no body —
 * and nothing that decides its answer has changed, the answer the server made the first time is written
 * again straight from Node's HTTP server, ahead of Fastify's routing, validation, hooks and serialisation.
 * Those would only reach the same bytes again: this is what lets a mock that validates, authenticates,
 * checks scenarios and journals every request answer nearly as fast as a bare route.
 *
 * An answer is kept only when all of these hold, so a replay is always the answer the full path would give:
 * - its route says `config: { replay: true }` (an answer made from the request and the world alone);
 * - it is a 200 to a GET or POST without a body;
 * - nothing asked for anything: no `Prefer`/`__code`, no `X-Mock-Scenario`, no activation, no recording, no
 *   `scenario:` tag on its entity (the scenario hook and the Prefer parser say so through `notReplayable`);
 * - the server's epoch (src/assembly/runtime.ts: reloads, activations switched on or off or counted down,
 *   scenario states moved) is the same as when the request arrived; a replay needs it still the same;
 * - it is still in time: a bearer token's expiry, or the second a token endpoint's answer is good for
 *   (`replayableUntil`);
 * - request logs are off (`--log-level warn` or quieter): a replay writes no log line, so with request logs
 *   on every request takes the full path;
 * - the server is not closing.
 * A value that changes with time inside an otherwise constant answer (billingdata's `timestamp`) is written
 * fresh at each replay (`liveValue`). Replays are journalled like any other request. `--no-replay` turns it off.
 *
 * Two things keep requests that never come again cheap: an answer is kept only the second time its request
 * is seen (a bounded set of recently seen keys), and tracing headers that differ on every request
 * (`traceparent`, `x-request-id`…) are left out of the key unless a replayable route's schema declares them.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { performance } from 'node:perf_hooks'
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import { LRUCache } from 'lru-cache'
import { addRouteHook } from '../engine/route-hooks.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Answers kept for replay, and how many requests a replay answered. */
    replays: () => { kept: number, replayed: number }
  }
}

/** How replays reach the request journal (src/assembly/record.ts), so that they read as their first exchange did. */
export interface ReplayJournal {
  /** What the journal needs of the first exchange (its route, what the route made of the absent body…), taken once. */
  first: (request: FastifyRequest) => unknown
  /** Journals one replay of it: `arrivedAt` in epoch ms, `elapsedMs` from arrival to the end of the answer. */
  again: (req: IncomingMessage, first: unknown, status: number, arrivedAt: number, elapsedMs: number) => void
}

/** The most a replay cache holds: answers (files in base64 among them), keys and headers, in bytes… */
const MAX_BYTES = 48 * 1024 * 1024
/** …and in answers. */
const MAX_ANSWERS = 5000
/** What an entry costs beyond its strings and buffers (objects, arrays, the journal's note), counted in its size. */
const ENTRY_OVERHEAD = 1024
/** Recently seen request keys: an answer is kept the second time its request comes. */
const MAX_SEEN = 10_000
/**
 * Headers a client sets to a new value on every request for tracing (W3C Trace Context and Baggage, B3,
 * cloud load balancers, request ids): left out of the key, so instrumented clients get replays too. The
 * journal still shows them: it reads the request's own headers.
 */
const TRACING_HEADERS = ['traceparent', 'tracestate', 'baggage', 'b3', 'x-b3-traceid', 'x-b3-spanid', 'x-b3-parentspanid', 'x-b3-sampled', 'x-b3-flags',
  'x-request-id', 'x-correlation-id', 'x-amzn-trace-id', 'x-cloud-trace-context', 'sentry-trace', 'uber-trace-id']
const KEY = Symbol('billing-mocks replay key')
const EPOCH = Symbol('billing-mocks replay epoch')
type Arrived = IncomingMessage & { [KEY]?: string, [EPOCH]?: number }

interface Kept {
  status: number
  /** Flat [name, value, …], as Fastify wrote them; Node adds Date, Connection and Keep-Alive. */
  headers: string[]
  /** The whole body, or the part before the live value. */
  body: Buffer
  /**
   * The part after the live value, and the value's JSON length in bytes (a fresh one of another length is not
   * replayed); the last value written and the whole body it made, reused while the value stays the same.
   */
  live?: { after: Buffer, fresh: () => string, length: number, last: string, body: Buffer }
  until: number
  epoch: number
  /** What the journal took of the first exchange (`ReplayJournal.first`). */
  first: unknown
}

export interface Replay {
  /**
   * Puts the replay in front of Fastify on the server Fastify made: its request listener is wrapped. (A
   * `serverFactory` would also do, but then Fastify listens on one address only, where `localhost` may
   * need two.)
   */
  attach: (server: Server) => void
  /** Registers what keeps answers: on each `replay: true` route, and the stop at close. */
  plugin: (app: FastifyInstance) => Promise<void>
  /** How replays are journalled; without it they are not (`--journal-size 0`, no admin API). */
  journalWith: (journal: ReplayJournal) => void
}

/**
 * @example
 * const replay = createReplay({ epoch: runtime.epoch, enabled: config.replay && !requestLogs })
 * const app = Fastify()
 * replay.attach(app.server)
 * await app.register(replay.plugin)
 */
export function createReplay ({ epoch, enabled, replayable = (route) => route.config?.replay === true }: { epoch: () => number, enabled: boolean, replayable?: (route: RouteOptions) => boolean }): Replay {
  const kept = new LRUCache<string, Kept>({
    max: MAX_ANSWERS,
    maxSize: MAX_BYTES,
    sizeCalculation: (answer, key) => key.length + answer.headers.reduce((sum, text) => sum + text.length, 0) +
      answer.body.length + (answer.live === undefined ? 0 : answer.live.after.length + answer.live.body.length) + ENTRY_OVERHEAD
  })
  const seen = new LRUCache<string, true>({ max: MAX_SEEN })
  const tracing = new Set(TRACING_HEADERS)
  let open = enabled
  let journal: ReplayJournal | undefined
  let replayed = 0

  /** Writes the kept answer; false when there is none or it is no longer good. */
  const tryReplay = (req: Arrived, res: ServerResponse): boolean => {
    const arrivedAt = journal === undefined ? 0 : Date.now()
    const started = journal === undefined ? 0 : performance.now()
    const key = keyOf(req, tracing)
    if (key === undefined) return false
    const now = epoch()
    const answer = kept.get(key)
    if (answer === undefined) return toFullPath(req, key, now)
    if (answer.epoch !== now || (answer.until !== Infinity && answer.until <= Date.now())) {
      kept.delete(key)
      return toFullPath(req, key, now)
    }
    let body = answer.body
    const live = answer.live
    if (live !== undefined) {
      const value = live.fresh()
      if (value !== live.last) {
        const fresh = Buffer.from(JSON.stringify(value))
        if (fresh.length !== live.length) return toFullPath(req, key, now)
        live.last = value
        live.body = Buffer.concat([answer.body, fresh, live.after], answer.body.length + fresh.length + live.after.length)
      }
      body = live.body
    }
    res.writeHead(answer.status, answer.headers)
    res.end(body)
    replayed++
    if (journal !== undefined) journal.again(req, answer.first, answer.status, arrivedAt, performance.now() - started)
    return true
  }

  const keep = (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void): void => {
    const req = request.raw as Arrived
    const key = req[KEY]
    if (key !== undefined && open && reply.statusCode === 200 && req[EPOCH] === epoch() && request.replayUntil > Date.now() &&
      (typeof payload === 'string' || Buffer.isBuffer(payload))) {
      // The first time a request is seen, only that it was: most requests that never repeat cost no more.
      if (seen.has(key)) {
        const answer = answerOf(request, reply, payload)
        if (answer !== undefined) kept.set(key, answer)
      } else {
        seen.set(key, true)
      }
    }
    done(null, payload)
  }

  const answerOf = (request: FastifyRequest, reply: FastifyReply, payload: string | Buffer): Kept | undefined => {
    const headers: string[] = []
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value === undefined || name === 'content-length') continue
      for (const one of [value].flat()) headers.push(name, String(one))
    }
    headers.push('content-length', String(Buffer.byteLength(payload)))
    const base = { status: reply.statusCode, headers, until: request.replayUntil, epoch: epoch(), first: journal?.first(request) }
    const live = request.replayLive
    const bytes = ownBytes(payload)
    if (live === null) return { ...base, body: bytes }
    // The live value as the JSON has it, last occurrence (it is written after the data it dates).
    const value = Buffer.from(JSON.stringify(live.value))
    const at = bytes.lastIndexOf(value)
    if (at === -1) return undefined
    return { ...base, body: bytes.subarray(0, at), live: { after: bytes.subarray(at + value.length), fresh: live.fresh, length: value.length, last: live.value, body: bytes } }
  }

  return {
    attach (server) {
      if (!enabled) return
      const [handler, ...others] = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>
      if (handler === undefined || others.length > 0) throw new Error(`replay: expected Fastify's one request listener on the server, found ${others.length + (handler === undefined ? 0 : 1)}.`)
      server.removeListener('request', handler)
      server.on('request', (req: IncomingMessage, res: ServerResponse) => {
        if (!open || !tryReplay(req, res)) handler.call(server, req, res)
      })
    },
    plugin: fp(async (app: FastifyInstance) => {
      app.decorateRequest('replayUntil', Number.POSITIVE_INFINITY)
      app.decorateRequest('replayLive', null)
      app.decorate('replays', () => ({ kept: kept.size, replayed }))
      if (!enabled) return
      app.addHook('onRoute', (route: RouteOptions) => {
        if (!replayable(route)) return
        addRouteHook(route, 'onSend', keep)
        // A header the route documents may decide its answer: it stays in the key.
        const declared = (route.schema?.headers as { properties?: Record<string, unknown> } | undefined)?.properties ?? {}
        for (const name of Object.keys(declared)) tracing.delete(name.toLowerCase())
      })
      app.addHook('preClose', (done) => {
        open = false
        kept.clear()
        seen.clear()
        done()
      })
    }, { name: 'billing-mocks-replay', fastify: '5.x' }),
    journalWith (recorder) { journal = recorder }
  }
}

/** Sends the request on to the full path, which may keep its answer under `key`; always false (no replay). */
function toFullPath (req: Arrived, key: string, epoch: number): false {
  req[KEY] = key
  req[EPOCH] = epoch
  return false
}

/**
 * The request as a key: method, URL and every header as sent (names as written, in order) but the tracing
 * ones. Undefined for a request that may carry a body, and for methods other than GET and POST.
 */
function keyOf (req: IncomingMessage, tracing: ReadonlySet<string>): string | undefined {
  const method = req.method
  if (method !== 'GET' && method !== 'POST') return undefined
  const raw = req.rawHeaders
  let key = `${method} ${req.url ?? ''}`
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string
    const value = raw[i + 1] as string
    const lower = name.toLowerCase()
    if ((lower === 'content-length' && value !== '0') || lower === 'transfer-encoding') return undefined
    if (tracing.has(lower)) continue
    key += `\n${name}:${value}`
  }
  return key
}

/** The payload's bytes in a buffer of their own: a small `Buffer.from` is a slice of a shared 8 KB pool, which a kept slice would hold on to whole. */
function ownBytes (payload: string | Buffer): Buffer {
  const length = Buffer.isBuffer(payload) ? payload.length : Buffer.byteLength(payload)
  const bytes = Buffer.allocUnsafeSlow(length)
  if (Buffer.isBuffer(payload)) payload.copy(bytes)
  else bytes.write(payload)
  return bytes
}
