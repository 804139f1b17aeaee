/**
 * Prism's conventions for choosing an answer per request: `Prefer: code=404, seed=7, dynamic=true`, or the
 * same as `__code`, `__seed` and `__dynamic` query parameters. Parsed once per request into
 * `request.prefer`; the query parameters are removed before validation so they never trip an API's
 * strict query schema.
 */
import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { notReplayable } from './replay-marks.js'

export interface Preferences {
  /** The documented status the client asks for. */
  code?: number
  /** A per-request seed for generated data. */
  seed?: number
  /** Fresh random data instead of the seeded world. */
  dynamic?: boolean
  /** Why the preferences could not be read; the mock routes answer it as their 400, other routes ignore it. */
  invalid?: string
}

declare module 'fastify' {
  interface FastifyRequest {
    /** What the client asked for with `Prefer` or `__code`/`__seed`/`__dynamic`. */
    prefer: Preferences
  }
}

const QUERY_KEYS = { __code: 'code', __seed: 'seed', __dynamic: 'dynamic' } as const

/**
 * Parses a `Prefer` header value (RFC 7240) into the preferences the mock honours; others are ignored.
 * @example
 * parsePrefer('code=404, dynamic=true') // { code: 404, dynamic: true }
 */
export function parsePrefer (header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  if (header === undefined) return out
  for (const part of header.split(/[,;]/)) {
    const [rawKey, ...rest] = part.split('=')
    const key = rawKey?.trim().toLowerCase()
    if (key === undefined || key === '') continue
    out[key] = rest.join('=').trim().replace(/^"(.*)"$/, '$1')
  }
  return out
}

function toPreferences (raw: Record<string, string | undefined>): Preferences {
  const prefer: Preferences = {}
  if (raw.code !== undefined) {
    if (/^[1-5]\d\d$/.test(raw.code)) prefer.code = Number(raw.code)
    else prefer.invalid = `Prefer code "${raw.code}" is not an HTTP status: use a three-digit code such as code=404.`
  }
  if (raw.seed !== undefined) {
    if (/^\d{1,10}$/.test(raw.seed)) prefer.seed = Number(raw.seed)
    else prefer.invalid = `Prefer seed "${raw.seed}" is not a non-negative integer.`
  }
  if (raw.dynamic !== undefined) prefer.dynamic = raw.dynamic === '' || raw.dynamic === 'true'
  return prefer
}

async function preferPlugin (app: FastifyInstance): Promise<void> {
  app.decorateRequest('prefer', null as unknown as Preferences)
  const none: Preferences = Object.freeze({}) as Preferences
  app.addHook('onRequest', (request: FastifyRequest, _reply: FastifyReply, done: () => void) => {
    const given = request.headers.prefer
    // Most requests ask for nothing: no header, no `__` parameter.
    if (given === undefined && !request.url.includes('__')) {
      request.prefer = none
      done()
      return
    }
    const raw: Record<string, string | undefined> = parsePrefer(header(given))
    const query = request.query as Record<string, unknown> | undefined
    if (query !== undefined && query !== null) {
      for (const [param, key] of Object.entries(QUERY_KEYS)) {
        if (param in query) {
          raw[key] = String(query[param])
          delete query[param]
        }
      }
    }
    request.prefer = toPreferences(raw)
    // Asked for a code, a seed or fresh data: an answer for this request only.
    notReplayable(request)
    done()
  })
}

function header (value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value
}

export default fp(preferPlugin, { name: 'billing-mocks-prefer', fastify: '5.x' })
