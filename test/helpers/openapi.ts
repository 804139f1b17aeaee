/**
 * `expectDocumented`: checks an answer against the OpenAPI document the same app serves at
 * `/<id>/openapi.json`, so the tests hold the server to what /docs promises consumers.
 */
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv'
import { createOpenApiAjv } from '../../src/drift/validate.js'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { assert } from 'vitest'

/** One request and its answer, from `inject` or from a real socket (see listen.ts). */
export interface Exchange {
  method: string
  /** Path and query, e.g. `/masstack/v2/orgs/telco/accounts/1/invoices?start_date=2025-01-01`. */
  url: string
  statusCode: number
  headers: Record<string, unknown>
  body: string
}

interface MediaType { schema?: object }
interface ResponseObject { description?: string, content?: Record<string, MediaType> }
interface Operation { responses?: Record<string, ResponseObject> }
interface OpenApiDocument {
  servers?: Array<{ url: string }>
  paths?: Record<string, Record<string, Operation | undefined>>
  components?: object
}

interface LoadedDocument { doc: OpenApiDocument, ajv: Ajv, validators: Map<object, ValidateFunction> }

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']
const documents = new WeakMap<FastifyInstance, Map<string, Promise<LoadedDocument>>>()

/**
 * Asserts that the answer is one the API documents: its status (or `default`) is listed for the
 * operation, its content type is one of that response's media types, and its JSON body validates against
 * the schema. A response documented without content must come with an empty body. A path no template
 * matches (the API's not-found answer) may answer in the shape any operation documents for that status.
 * @example
 * const res = await app.inject({ url: '/masstack/v2/orgs/telco/accounts/214748364/invoices', headers })
 * await expectDocumented(app, 'masstack', res)
 */
export async function expectDocumented (app: FastifyInstance, apiId: string, res: LightMyRequestResponse | Exchange): Promise<void> {
  const exchange = 'raw' in res ? fromInject(res) : res
  const loaded = await loadDocument(app, apiId)
  const { where, operations } = operationsFor(loaded.doc, exchange)
  const status = String(exchange.statusCode)
  const responses = operations.map((op) => op.responses?.[status] ?? op.responses?.default).filter((r) => r !== undefined)
  const answered = `${exchange.method} ${exchange.url} answered ${status}`
  if (responses.length === 0) {
    const listed = [...new Set(operations.flatMap((op) => Object.keys(op.responses ?? {})))].join(', ')
    assert.fail(`${answered}, which ${where} in /${apiId}/openapi.json does not document (documented: ${listed || 'none'}).`)
  }
  const problems = responses.map((response) => problemWith(response, exchange, loaded))
  if (problems.includes(undefined)) return
  assert.fail(`${answered}, documented by ${where} in /${apiId}/openapi.json, but ${problems.join('; or ')}\nBody: ${preview(exchange.body)}`)
}

function fromInject (res: LightMyRequestResponse): Exchange {
  return { method: res.raw.req.method ?? 'GET', url: res.raw.req.url ?? '/', statusCode: res.statusCode, headers: res.headers, body: res.body }
}

async function loadDocument (app: FastifyInstance, apiId: string): Promise<LoadedDocument> {
  const perApp = documents.get(app) ?? new Map<string, Promise<LoadedDocument>>()
  documents.set(app, perApp)
  let loaded = perApp.get(apiId)
  if (loaded === undefined) {
    loaded = app.inject({ url: `/${apiId}/openapi.json` }).then((res) => {
      if (res.statusCode !== 200) throw new Error(`/${apiId}/openapi.json answered ${res.statusCode}: is "${apiId}" an API id?`)
      return { doc: res.json<OpenApiDocument>(), ajv: createOpenApiAjv(), validators: new Map() }
    })
    perApp.set(apiId, loaded)
  }
  return await loaded
}

function operationsFor (doc: OpenApiDocument, exchange: Exchange): { where: string, operations: Operation[] } {
  const server = doc.servers?.[0]?.url ?? ''
  const prefix = server.startsWith('/') ? server.replace(/\/$/, '') : ''
  const fullPath = exchange.url.split('?')[0] ?? '/'
  const path = prefix !== '' && fullPath.startsWith(prefix) ? fullPath.slice(prefix.length) || '/' : fullPath
  const paths = doc.paths ?? {}
  const templates = Object.keys(paths).sort((a, b) => a.split('{').length - b.split('{').length)
  const template = templates.find((t) => templatePattern(t).test(path))
  if (template === undefined) {
    const operations = Object.values(paths).flatMap((item) => METHODS.map((m) => item[m]).filter((op) => op !== undefined))
    return { where: `no path template (so any operation, as ${path} matches none)`, operations }
  }
  const item = paths[template] ?? {}
  const operation = item[exchange.method.toLowerCase()]
  if (operation !== undefined) return { where: `${exchange.method} ${template}`, operations: [operation] }
  const operations = METHODS.map((m) => item[m]).filter((op) => op !== undefined)
  return { where: `the operations of ${template} (${exchange.method} is not one of them)`, operations }
}

function templatePattern (template: string): RegExp {
  const literal = template.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  return new RegExp(`^${literal.join('[^/]+')}$`)
}

/** Why the answer does not fit this documented response, or undefined when it does. */
function problemWith (response: ResponseObject, exchange: Exchange, loaded: LoadedDocument): string | undefined {
  const media = Object.entries(response.content ?? {})
  if (media.length === 0) {
    return exchange.body === '' ? undefined : 'that response has no content and the body is not empty'
  }
  const contentType = String(exchange.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  const match = media.find(([type]) => type.toLowerCase() === contentType)
  if (match === undefined) return `content-type "${contentType}" is not one of ${media.map(([type]) => type).join(', ')}`
  const schema = match[1].schema
  if (schema === undefined || !/[/+]json$/.test(contentType)) return undefined

  let body: unknown
  try {
    body = JSON.parse(exchange.body)
  } catch {
    return `the body is not JSON although content-type is ${contentType}`
  }
  const validate = validatorFor(schema, loaded)
  if (validate(body)) return undefined
  return `the body does not match its schema:\n${(validate.errors ?? []).map(describeError).join('\n')}`
}

function validatorFor (schema: object, { doc, ajv, validators }: LoadedDocument): ValidateFunction {
  let validate = validators.get(schema)
  if (validate === undefined) {
    // components sits at the root so "#/components/schemas/..." references resolve as in the document.
    validate = ajv.compile({ components: doc.components, allOf: [schema] })
    validators.set(schema, validate)
  }
  return validate
}

function describeError (error: ErrorObject): string {
  const details = error.keyword === 'additionalProperties' || error.keyword === 'enum' ? ` ${JSON.stringify(error.params)}` : ''
  return `  ${error.instancePath || '(root)'} ${error.message ?? error.keyword}${details}`
}

function preview (body: string): string {
  return body.length > 600 ? `${body.slice(0, 600)}…` : body || '(empty)'
}
