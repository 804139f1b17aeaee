/**
 * What every answer to a malformed request must be: on time, never a 5xx unless the request itself asked
 * for one (`Prefer: code=5xx`, `?__code=5xx`), and for a 4xx a status the API documents, in the API's own
 * error body as its OpenAPI document describes it.
 */
import type { ValidateFunction } from 'ajv'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { assert } from 'vitest'
import { parsePrefer } from '../../src/engine/prefer.js'
import { createOpenApiAjv } from '../../src/drift/validate.js'

interface ResponseObject { content?: Record<string, { schema?: object }> }
interface Operation { responses?: Record<string, ResponseObject> }
interface OpenApiDocument {
  servers?: Array<{ url: string }>
  paths?: Record<string, Record<string, Operation>>
  components?: object
}

/**
 * Statuses an API documents outside its OpenAPI document, in its README: invoice-files answers a wrong
 * method with GLOBAL_1005 (405), a code that no route answers on demand.
 */
const README_STATUSES: Record<string, number[]> = { 'invoice-files': [405] }

/** An answer must arrive within this many milliseconds, or the request "hangs". */
export const ANSWER_WITHIN_MS = 10_000

export interface Oracle {
  /** Sends the request and checks the answer; the failure message shows the request that broke it. */
  check: (request: InjectOptions & { url: string, headers: Record<string, string> }) => Promise<LightMyRequestResponse>
}

/**
 * @example
 * const oracle = await createOracle(app, 'masstack')
 * await oracle.check({ method: 'DELETE', url: '/masstack/v2/orgs/telco/accounts/1/invoices', headers: {} })
 */
export async function createOracle (app: FastifyInstance, api: string, owns: (path: string) => boolean = () => true): Promise<Oracle> {
  const res = await app.inject({ url: `/${api}/openapi.json` })
  if (res.statusCode !== 200) throw new Error(`/${api}/openapi.json answered ${res.statusCode}: is "${api}" documented?`)
  const doc = res.json<OpenApiDocument>()
  const prefix = doc.servers?.[0]?.url?.replace(/\/$/, '') ?? ''
  const ajv = createOpenApiAjv()
  const validators = new Map<object, ValidateFunction>()
  const validator = (schema: object): ValidateFunction => {
    let validate = validators.get(schema)
    if (validate === undefined) {
      validate = ajv.compile({ components: doc.components, allOf: [schema] })
      validators.set(schema, validate)
    }
    return validate
  }
  const templates = Object.keys(doc.paths ?? {}).map((template) => ({ template, pattern: templatePattern(template) }))
  const everyOperation = Object.values(doc.paths ?? {}).flatMap((item) => Object.values(item))
  // The API's error body: what its operations document for 400.
  const errorSchema = everyOperation.map((operation) => operation.responses?.['400']?.content?.['application/json']?.schema).find((schema) => schema !== undefined)
  if (errorSchema === undefined) throw new Error(`/${api}/openapi.json documents no 400 body to take the error shape from.`)

  const operationsFor = (method: string, url: string): Operation[] => {
    const path = (url.split('?')[0] ?? '').slice(prefix.startsWith('/') ? prefix.length : 0) || '/'
    const item = templates.find(({ pattern }) => pattern.test(path))
    if (item === undefined) return everyOperation
    const operations = doc.paths?.[item.template] ?? {}
    const operation = operations[method.toLowerCase()]
    return operation === undefined ? Object.values(operations) : [operation]
  }

  return {
    async check (request) {
      const shown = describeRequest(request)
      const res = await answerWithin(app, request, shown)
      const status = res.statusCode
      if (status >= 500 && !asksFor5xx(request)) assert.fail(`${shown} answered ${status}, a server error: ${res.body.slice(0, 500)}`)
      if (status < 400) return res
      if (!owns(request.url.split('?')[0] ?? '')) {
        // A path the API does not own (the token endpoint is one path): the server's own `{error, message}`.
        if (request.method === 'HEAD') return res
        let body: unknown
        try {
          body = JSON.parse(res.body)
        } catch {}
        if (status >= 500 || !isPlainError(body)) assert.fail(`${shown} answered ${status} outside the server's {error, message} shape: ${res.body.slice(0, 300)}`)
        return res
      }

      const responses = operationsFor(request.method ?? 'GET', request.url)
        .map((operation) => operation.responses?.[String(status)] ?? operation.responses?.default)
        .filter((response) => response !== undefined)
      const inReadme = README_STATUSES[api]?.includes(status) === true
      if (responses.length === 0 && !inReadme) assert.fail(`${shown} answered ${status}, which /${api}/openapi.json does not document there: ${res.body.slice(0, 300)}`)
      if (request.method === 'HEAD') return res

      const schemas = responses.length === 0 ? [errorSchema] : responses.map((response) => response.content?.['application/json']?.schema)
      if (schemas.includes(undefined) && res.body === '') return res
      const contentType = String(res.headers['content-type'] ?? '')
      if (!contentType.startsWith('application/json')) assert.fail(`${shown} answered ${status} with content-type "${contentType}", not the API's JSON error body: ${res.body.slice(0, 300)}`)
      let body: unknown
      try {
        body = JSON.parse(res.body)
      } catch {
        assert.fail(`${shown} answered ${status} with a body that is not JSON: ${res.body.slice(0, 300)}`)
      }
      const problems = schemas.filter((schema) => schema !== undefined).map((schema) => {
        const validate = validator(schema)
        return validate(body) ? undefined : ajv.errorsText(validate.errors)
      })
      if (!problems.includes(undefined)) assert.fail(`${shown} answered ${status} outside ${api}'s error shape (${problems.join('; ')}): ${res.body.slice(0, 300)}`)
      return res
    }
  }
}

async function answerWithin (app: FastifyInstance, request: InjectOptions, shown: string): Promise<LightMyRequestResponse> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => { reject(new Error(`${shown} got no answer within ${ANSWER_WITHIN_MS} ms: the server hangs on it.`)) }, ANSWER_WITHIN_MS)
  })
  try {
    return await Promise.race([app.inject(request), timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** Whether the request itself asks for a server error, which the mock then rightly answers. */
function asksFor5xx (request: InjectOptions & { url: string, headers: Record<string, string> }): boolean {
  const query = new URLSearchParams(request.url.split('?')[1] ?? '')
  const codes = [parsePrefer(request.headers.prefer).code, ...query.getAll('__code')]
  return codes.some((code) => code !== undefined && /^5\d\d$/.test(code.trim()))
}

function isPlainError (body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false
  const keys = Object.keys(body).sort().join(',')
  const { error, message } = body as { error?: unknown, message?: unknown }
  return keys === 'error,message' && typeof error === 'string' && typeof message === 'string'
}

function templatePattern (template: string): RegExp {
  const literal = template.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  return new RegExp(`^${literal.join('[^/]+')}$`)
}

/** The request in one line, short enough to read in a failure. */
export function describeRequest (request: InjectOptions & { url: string, headers: Record<string, string> }): string {
  const cut = (text: string): string => text.length > 200 ? `${text.slice(0, 200)}… (${text.length} characters)` : text
  const payload = request.payload
  const body = payload === undefined ? '' : ` body ${Buffer.isBuffer(payload) ? `<${payload.length} bytes: ${payload.subarray(0, 40).toString('hex')}>` : cut(JSON.stringify(String(payload)))}`
  return `${request.method ?? 'GET'} ${cut(request.url)} headers ${cut(JSON.stringify(request.headers))}${body}`
}
