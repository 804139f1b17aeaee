/**
 * `billing-mocks proxy`: the applications call the proxy as they would call the mock (each API under its
 * /<id> prefix); it forwards each request to the real provider and checks the real answer against the
 * API's OpenAPI document (mocks/<id>/openapi.json): documented status, content type, body schema, unknown
 * and missing fields. The answer goes back unaltered; each violation is reported in the `sl-violations`
 * header (Prism's validation proxy uses that name), in the request journal (GET /__admin/requests) and in
 * the summary. With `errors`, a drifted answer becomes a 502 carrying the report. With `record`, the real
 * exchanges are written as fixture files the mock serves (record.ts).
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import { createJournal, type Journal } from '../assembly/journal.js'
import { logDestination } from '../logging.js'
import { LOG_REDACTION } from '../log-redaction.js'
import gracefulClose from '../assembly/graceful-close.js'
import { DEFAULT_CONFIG } from '../config.js'
import type { TokenProvider } from '../clients/token-provider.js'
import { forwardedHeaders, send, targetUrl, type Answer } from './forward.js'
import { loadMaskRules } from './mask.js'
import { registerProxyJournal, type Outcome } from './proxy-journal.js'
import { createRecorder, type Recorder } from './record.js'
import { createSummary, type DriftSummary } from './summary.js'
import { freshToken, resolveTargets, TokenFailure, type ProxyOptions, type ProxyTarget } from './targets.js'
import type { Violation } from './validate.js'

export const VIOLATIONS_HEADER = 'sl-violations'
/** Prism keeps its header short; so do we, so no client or intermediary refuses the answer for it. */
const MAX_VIOLATIONS_HEADER = 8 * 1024

export type { ProxyOptions } from './targets.js'

export interface DriftProxy {
  journal: Journal
  summary: () => DriftSummary
  recorder: Recorder | undefined
}

export type ProxyInstance = FastifyInstance & { drift: DriftProxy }

/**
 * Builds the proxy (no listen). Throws at once, naming the option, on a bad configuration.
 * @example
 * const proxy = await buildProxy({ targets: [{ api: 'masstack', target: 'https://api.example.com/masstack' }] })
 * await proxy.listen({ port: 4010 })
 * proxy.drift.summary().operations // per operation: requests, drifted, violations
 */
export async function buildProxy (options: ProxyOptions): Promise<ProxyInstance> {
  const proxied = resolveTargets(options)
  const summary = createSummary(proxied.map(({ api, target }) => ({ api, target })))
  const journal = createJournal(options.journalSize ?? 1000)
  const recorder = options.record === undefined
    ? undefined
    : createRecorder({ dir: options.record, apis: proxied.map(({ api }) => api), files: options.recordFiles ?? [], rules: typeof options.mask === 'string' ? loadMaskRules(options.mask) : options.mask })
  const timeoutMs = options.timeoutMs ?? 30_000

  const app = Fastify({
    logger: { ...logDestination('auto'), level: options.logLevel ?? 'info', ...LOG_REDACTION },
    // Invoice files travel in these bodies; the proxy only passes them on.
    bodyLimit: 32 * 1024 * 1024
  })
  const drift: DriftProxy = { journal, summary: () => summary.summary(), recorder }
  app.decorate('drift', drift)
  // Exchanges recorded in the last moments are written in the next batch: write them before stopping.
  if (recorder !== undefined) app.addHook('onClose', (_instance, done) => { recorder.flush(); done() })
  await app.register(gracefulClose, { graceMs: DEFAULT_CONFIG.shutdownGrace * 1000 })

  // Bodies pass through untouched: every content type (and none) arrives as the bytes sent.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => { done(null, body) })

  const outcomes = new WeakMap<FastifyRequest, Outcome>()
  const untyped = new WeakSet<FastifyRequest>()

  // Fastify labels a Buffer without a content type application/octet-stream; the provider's answer had none.
  app.addHook('onSend', async (request, reply, payload) => {
    if (untyped.has(request)) reply.removeHeader('content-type')
    return payload
  })

  const forward = async (target: ProxyTarget, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const [rawPath = '', query = ''] = splitOnce(request.url, '?')
    const rest = rawPath.slice(target.api.length + 1)
    const path = rest === '' ? '/' : rest
    const url = targetUrl(target.target, rest, query)
    const headers = forwardedHeaders(request.headers)
    const requestBody = Buffer.isBuffer(request.body) ? request.body : undefined
    const tokens = target.secured ? target.tokens : undefined
    const secrets = [options.clientSecret ?? '', bearer(request.headers.authorization)].filter((secret) => secret !== '')

    const authorize = async (provider: TokenProvider): Promise<void> => {
      const token = await freshToken(provider, target)
      secrets.push(token)
      headers.authorization = `Bearer ${token}`
    }

    let answer: Answer
    try {
      if (tokens !== undefined) await authorize(tokens)
      answer = await send(url, request.method, headers, requestBody, timeoutMs)
      if (tokens !== undefined && answer.status === 401) {
        // The provider may have revoked the token before its time: one fresh token, one retry.
        tokens.invalidate()
        await authorize(tokens)
        answer = await send(url, request.method, headers, requestBody, timeoutMs)
      }
    } catch (err) {
      summary.fail()
      const failed = err instanceof TokenFailure ? { error: 'token', message: err.message } : { error: 'unreachable', message: unreachable(err, target, url) }
      outcomes.set(request, { operation: null, violations: [], responseBody: JSON.stringify(failed) })
      request.log.warn({ err, url }, 'the provider did not answer')
      return reply.code(502).send(failed)
    }

    const validation = target.validator.validate({ method: request.method, path, status: answer.status, contentType: answer.headers['content-type'], body: answer.body })
    summary.add(target.api, request.method, path, answer.status, validation)
    const violations = validation.violations
    outcomes.set(request, {
      operation: validation.operation ?? null,
      violations,
      ...(answer.status >= 400 ? { responseBody: preview(answer, secrets) } : {})
    })

    if (recorder !== undefined) {
      try {
        recorder.record({ api: target.api, target: target.target, method: request.method, path, query, requestBody, requestContentType: request.headers['content-type'], status: answer.status, headers: answer.headers, body: answer.body, secrets })
      } catch (err) {
        request.log.error({ err }, 'could not write the recording')
      }
    }

    if (violations.length > 0) reply.header(VIOLATIONS_HEADER, violationsHeader(violations))
    if (options.errors === true && violations.length > 0) {
      return reply.code(502).send({
        error: 'drift',
        message: `The provider's ${answer.status} answer to ${request.method} ${path} differs from mocks/${target.api}/openapi.json in ${violations.length} way(s). Without --errors the proxy passes it on unaltered.`,
        api: target.api,
        operation: validation.operation ?? null,
        status: answer.status,
        violations
      })
    }
    if (answer.headers['content-type'] === undefined) untyped.add(request)
    reply.code(answer.status).headers(answer.headers)
    if (answer.setCookies.length > 0) reply.header('set-cookie', answer.setCookies)
    return reply.send(answer.body)
  }

  for (const target of proxied) {
    const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => forward(target, request, reply)
    app.all(`/${target.api}`, handler)
    app.all(`/${target.api}/*`, handler)
  }

  registerProxyJournal(app, { journal, summary: () => summary.summary(), apis: proxied.map(({ api }) => api), outcomeOf: (request) => outcomes.get(request) })

  app.setNotFoundHandler(async (request, reply) => reply.code(404).send({
    error: 'not_found',
    message: `The proxy forwards nothing at ${request.method} ${request.url.split('?')[0] ?? ''}. It forwards ${proxied.map(({ api, target }) => `/${api} → ${target}`).join(', ')}; the journal is at /__admin/requests.`
  }))
  app.setErrorHandler(async (err, request, reply) => {
    const status = typeof (err as { statusCode?: unknown }).statusCode === 'number' ? (err as { statusCode: number }).statusCode : 500
    if (status >= 500) request.log.error({ err }, 'the proxy failed')
    return reply.code(status).send({ error: status >= 500 ? 'proxy' : 'bad_request', message: (err as Error).message })
  })

  return app as unknown as ProxyInstance
}

/**
 * The `sl-violations` value: a JSON array, ASCII only (header values are Latin-1 at best), cut to ~8 KB
 * with a last item saying how many were left out.
 * @example
 * violationsHeader([{ kind: 'unknown-field', path: '/currency', message: 'field /currency is not in the document' }])
 */
export function violationsHeader (violations: readonly Violation[]): string {
  const ascii = (value: unknown): string => JSON.stringify(value).replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
  const items: string[] = []
  let length = 2
  for (const [index, violation] of violations.entries()) {
    const item = ascii(violation)
    const left = violations.length - index
    // Room for this item and, if more follow, the note that says so.
    if (length + item.length + 1 + (left > 1 ? 120 : 0) > MAX_VIOLATIONS_HEADER) {
      items.push(ascii({ truncated: left, message: `${left} more violations: see GET /__admin/requests` }))
      break
    }
    items.push(item)
    length += item.length + 1
  }
  return `[${items.join(',')}]`
}

function unreachable (err: unknown, target: ProxyTarget, url: string): string {
  const error = err as Error & { cause?: { code?: string, message?: string } }
  if (error.name === 'TimeoutError') return `${target.target} did not answer ${url} in time. Check --target, or that the provider is up.`
  const reason = error.cause?.code ?? error.cause?.message ?? error.message
  return `Could not reach ${url} (${reason}). Check --target ${target.target} for ${target.api}.`
}

function bearer (authorization: string | undefined): string {
  return /^\s*\S+\s+(.+)$/.exec(authorization ?? '')?.[1]?.trim() ?? ''
}

function splitOnce (text: string, separator: string): [string, string] {
  const at = text.indexOf(separator)
  return at === -1 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)]
}

/** An error answer's start, for the journal, without the credentials of the exchange. */
function preview (answer: Answer, secrets: readonly string[]): string {
  let text = answer.body.subarray(0, 2048).toString('utf8')
  for (const secret of secrets) text = text.replaceAll(secret, '[masked]')
  return answer.body.length > 2048 ? `${text}… (${answer.body.length} bytes)` : text
}
