/**
 * The proxy's request journal (the mock's ring buffer, `createJournal`) and its admin routes: each request
 * with its credentials masked as the mock masks them, the documented operation it matched and the
 * violations of the provider's answer. GET /__admin/requests (newest first, the mock's filters),
 * DELETE /__admin/requests, and GET /__admin/summary (the drift summary so far).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Journal, JournalEntry } from '../assembly/journal.js'
import { journalBody as shownBody } from '../assembly/record.js'
import { maskHeaders, maskQuery } from '../auth/secrets.js'
import { JournalQuerySchema, JournalSchema } from '../admin/schemas.js'
import type { DriftSummary } from './summary.js'
import type { Violation } from './validate.js'

const MAX_JOURNAL_TEXT = 4096

/** What the proxy learnt of one request, for its journal entry. */
export interface Outcome {
  operation: string | null
  violations: Violation[]
  responseBody?: string
}

export interface ProxyJournalOptions {
  journal: Journal
  summary: () => DriftSummary
  /** The proxied API ids, the journal's `api` of a request under /<id>. */
  apis: readonly string[]
  outcomeOf: (request: FastifyRequest) => Outcome | undefined
}

/**
 * Journals every proxied request when its answer has gone out, and serves the journal and the summary.
 * @example
 * registerProxyJournal(app, { journal: createJournal(1000), summary: collector.summary, apis: ['masstack'], outcomeOf: (request) => outcomes.get(request) })
 */
export function registerProxyJournal (app: FastifyInstance, { journal, summary, apis, outcomeOf }: ProxyJournalOptions): void {
  app.addHook('onResponse', async (request, reply) => {
    const path = request.url.split('?')[0] ?? request.url
    if (path.startsWith('/__admin')) return
    const outcome = outcomeOf(request)
    const first = path.split('/')[1] ?? ''
    const entry: Omit<JournalEntry, 'id'> = {
      at: new Date(Date.now() - reply.elapsedTime).toISOString(),
      method: request.method,
      url: maskQuery(request.url),
      path,
      api: apis.includes(first) ? first : null,
      route: outcome?.operation ?? null,
      headers: maskHeaders(request.headers),
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 100) / 100
    }
    const body = journalBody(request.body, request.headers['content-type'])
    if (body !== undefined) entry.body = body
    if (outcome !== undefined && outcome.violations.length > 0) entry.violations = outcome.violations
    if (outcome?.responseBody !== undefined) entry.responseBody = outcome.responseBody
    journal.record(entry)
  })

  const admin = app.withTypeProvider<TypeBoxTypeProvider>()
  admin.get('/__admin/requests', {
    schema: { querystring: JournalQuerySchema, response: { 200: JournalSchema } }
  }, async (request) => {
    const { limit = 100, ...filter } = request.query
    return { requests: journal.list(filter, limit), total: journal.count(filter), capacity: journal.capacity }
  })
  admin.delete('/__admin/requests', async (_request, reply) => {
    journal.clear()
    return reply.code(204).send()
  })
  admin.get('/__admin/summary', async () => summary())
}

function journalBody (body: unknown, contentType: string | undefined): unknown {
  if (!Buffer.isBuffer(body) || body.length === 0) return undefined
  const text = body.toString('utf8')
  if (/x-www-form-urlencoded/i.test(contentType ?? '')) return shownBody(Object.fromEntries(new URLSearchParams(text)))
  try {
    const parsed: unknown = JSON.parse(text)
    if (typeof parsed === 'object' && parsed !== null) return shownBody(parsed)
    return text.length <= MAX_JOURNAL_TEXT ? parsed : shownBody(text)
  } catch {
    return shownBody(text)
  }
}
