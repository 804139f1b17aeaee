/**
 * Checks a real provider's answer against an API's OpenAPI document: a documented status, the documented
 * content type, and the body against the response schema, whose closed objects make unknown fields show.
 * Each finding is a Violation with a JSON path, what the document says and what came, so a drift report
 * can say "new field", "missing field", "retyped field" precisely. An unknown and a missing field under the
 * same parent, of the same type, are reported as one rename.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import formats from 'ajv-formats'
import { distance } from 'fastest-levenshtein'

export type ViolationKind = 'status' | 'content-type' | 'unknown-field' | 'missing-field' | 'renamed-field' | 'type' | 'format' | 'value' | 'not-json' | 'unknown-operation'

export interface Violation {
  kind: ViolationKind
  /** JSON pointer-ish path into the body (`/invoices/0/pay_date`), or the header/status it is about. */
  path: string
  message: string
  expected?: string
  actual?: string
}

export interface Exchange {
  method: string
  /** The path as the API documents it (without the mock's /<id> prefix), query excluded. */
  path: string
  status: number
  contentType: string | undefined
  body: Buffer
}

export interface Validation {
  /** The documented operation the request matched ("GET /customers/{idType}/{id}/bills"), if any. */
  operation: string | undefined
  violations: Violation[]
}

interface Operation {
  method: string
  template: string
  pattern: RegExp
  responses: Record<string, { content?: Record<string, { schema?: object }> }>
}

export interface Validator {
  validate: (exchange: Exchange) => Validation
}

/**
 * @example
 * const validator = createValidator(JSON.parse(readFileSync('mocks/masstack/openapi.json', 'utf8')))
 * validator.validate({ method: 'GET', path: '/v2/orgs/telco/accounts/1/invoices', status: 200, contentType: 'application/json', body })
 */
export function createValidator (openapi: { paths?: Record<string, Record<string, { responses?: Operation['responses'] }>> }): Validator {
  const ajv = createOpenApiAjv()

  const operations: Operation[] = []
  for (const [template, item] of Object.entries(openapi.paths ?? {})) {
    for (const [method, operation] of Object.entries(item)) {
      const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+').replace(/\{[^}]+\}/g, '[^/]+')
      operations.push({ method: method.toUpperCase(), template, pattern: new RegExp(`^${source}$`), responses: operation.responses ?? {} })
    }
  }
  const compiled = new Map<object, ValidateFunction>()
  const compile = (schema: object): ValidateFunction => {
    let validate = compiled.get(schema)
    if (validate === undefined) {
      validate = ajv.compile(schema)
      compiled.set(schema, validate)
    }
    return validate
  }

  return {
    validate (exchange) {
      const operation = operations.find((candidate) => candidate.method === exchange.method.toUpperCase() && candidate.pattern.test(exchange.path))
      if (operation === undefined) {
        return { operation: undefined, violations: [{ kind: 'unknown-operation', path: exchange.path, message: `${exchange.method} ${exchange.path} is no operation of the OpenAPI document` }] }
      }
      const name = `${operation.method} ${operation.template}`
      const response = operation.responses[String(exchange.status)] ?? (exchange.status >= 400 ? operation.responses.default : undefined)
      if (response === undefined) {
        return {
          operation: name,
          violations: [{ kind: 'status', path: 'status', message: `status ${exchange.status} is not documented for ${name}`, expected: Object.keys(operation.responses).join(', '), actual: String(exchange.status) }]
        }
      }
      const violations: Violation[] = []
      const documented = Object.keys(response.content ?? {})
      const mediaType = (exchange.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
      if (documented.length === 0) return { operation: name, violations }
      if (!documented.includes(mediaType)) {
        violations.push({ kind: 'content-type', path: 'content-type', message: `content type ${mediaType === '' ? '(none)' : mediaType} is not documented for ${exchange.status}`, expected: documented.join(', '), actual: mediaType === '' ? '(none)' : mediaType })
      }
      const schema = response.content?.[documented.includes(mediaType) ? mediaType : documented[0] ?? '']?.schema
      if (schema === undefined || !(documented.includes('application/json') && (mediaType === 'application/json' || !documented.includes(mediaType)))) return { operation: name, violations }
      let body: unknown
      try {
        body = JSON.parse(exchange.body.toString('utf8'))
      } catch {
        violations.push({ kind: 'not-json', path: '', message: `the body is not JSON (${exchange.body.length} bytes${exchange.body.subarray(0, 5).toString('latin1') === '%PDF-' ? ', a PDF' : ''})`, expected: 'application/json', actual: mediaType })
        return { operation: name, violations }
      }
      const validate = compile(schema)
      if (!validate(body)) violations.push(...pairRenames(dedupe(bestBranch(validate.errors ?? []).flatMap((error) => describe(error, body)))))
      return { operation: name, violations: cap(dedupe(violations)) }
    }
  }
}

/**
 * An Ajv that reads the mocks' OpenAPI 3.0 schemas: standard formats plus `byte` (base64), `binary` and
 * `password`, and the `x-faker` annotation.
 * @example
 * const validate = createOpenApiAjv().compile(schema)
 */
export function createOpenApiAjv (): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true })
  // ajv-formats is CommonJS: under NodeNext its default import is the module object, whose .default is the plugin.
  formats.default(ajv)
  ajv.addFormat('byte', /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/)
  ajv.addFormat('binary', true)
  ajv.addFormat('password', true)
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 })
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) })
  ajv.addFormat('float', { type: 'number', validate: () => true })
  ajv.addFormat('double', { type: 'number', validate: () => true })
  ajv.addKeyword('x-faker')
  return ajv
}

function describe (error: ErrorObject, body: unknown): Violation[] {
  const at = error.instancePath
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String(error.params.additionalProperty)
      return [{ kind: 'unknown-field', path: `${at}/${field}`, message: `field ${at}/${field} is not in the document`, actual: typeName(pointer(body, `${at}/${field}`)) }]
    }
    case 'required': {
      const field = String(error.params.missingProperty)
      return [{ kind: 'missing-field', path: `${at}/${field}`, message: `required field ${at}/${field} is missing` }]
    }
    case 'type':
      return [{ kind: 'type', path: at, message: `${at || 'the body'} is ${typeName(pointer(body, at))}, the document says ${String(error.params.type)}`, expected: String(error.params.type), actual: typeName(pointer(body, at)) }]
    case 'format':
      return [{ kind: 'format', path: at, message: `${at} is not ${String(error.params.format)}`, expected: String(error.params.format), actual: preview(pointer(body, at)) }]
    case 'anyOf':
    case 'oneOf':
      return []
    default:
      return [{ kind: 'value', path: at, message: `${at || 'the body'} ${error.message ?? 'is invalid'}`, actual: preview(pointer(body, at)) }]
  }
}

/**
 * A missing field next to an unknown one with a similar name (account_id / accountId, invoiceNo /
 * invoiceNumber) reads as a rename; names that share nothing stay a missing and a new field.
 */
function pairRenames (violations: Violation[]): Violation[] {
  const out = [...violations]
  const parentOf = (path: string): string => path.slice(0, path.lastIndexOf('/'))
  const nameOf = (path: string): string => path.slice(path.lastIndexOf('/') + 1).toLowerCase().replace(/[^a-z0-9]/g, '')
  for (const missing of violations.filter((violation) => violation.kind === 'missing-field')) {
    const candidates = out
      .filter((violation) => violation.kind === 'unknown-field' && parentOf(violation.path) === parentOf(missing.path))
      .map((violation) => ({ violation, score: distance(nameOf(violation.path), nameOf(missing.path)) / Math.max(nameOf(missing.path).length, 1) }))
      .filter(({ score }) => score <= 0.5)
      .sort((a, b) => a.score - b.score)
    const unknown = candidates[0]?.violation
    if (unknown === undefined) continue
    const parent = parentOf(missing.path)
    out.splice(out.indexOf(missing), 1)
    out.splice(out.indexOf(unknown), 1, {
      kind: 'renamed-field',
      path: missing.path,
      message: `field ${missing.path} seems renamed to ${unknown.path.slice(parent.length + 1)}`,
      expected: missing.path.slice(parent.length + 1),
      actual: unknown.path.slice(parent.length + 1)
    })
  }
  return out
}

/** One finding per field whatever the array index: /invoices/0/pay_date and /invoices/7/pay_date alike. */
function dedupe (violations: Violation[]): Violation[] {
  const seen = new Set<string>()
  const out: Violation[] = []
  for (const violation of violations) {
    const path = violation.path.replace(/\/\d+(?=\/|$)/g, '/*')
    const key = `${violation.kind} ${path}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push({ ...violation, path, message: violation.message.replace(violation.path, path) })
  }
  return out
}

const MAX_VIOLATIONS = 50

function cap (violations: Violation[]): Violation[] {
  if (violations.length <= MAX_VIOLATIONS) return violations
  return [...violations.slice(0, MAX_VIOLATIONS), { kind: 'value', path: '', message: `and ${violations.length - MAX_VIOLATIONS} more differences` }]
}

/**
 * Of the branches of a failed `anyOf`/`oneOf` (billingdata's Spanish and English key sets), only the one
 * that came nearest is reported: the other branch's errors say nothing about this answer.
 */
function bestBranch (errors: ErrorObject[]): ErrorObject[] {
  const union = errors.find((error) => error.keyword === 'anyOf' || error.keyword === 'oneOf')
  if (union === undefined) return errors
  const prefix = `${union.schemaPath}/`
  const branches = new Map<string, ErrorObject[]>()
  const rest: ErrorObject[] = []
  for (const error of errors) {
    if (error === union) continue
    if (!error.schemaPath.startsWith(prefix)) { rest.push(error); continue }
    const branch = error.schemaPath.slice(prefix.length).split('/')[0] ?? ''
    branches.set(branch, [...(branches.get(branch) ?? []), error])
  }
  const nearest = [...branches.values()].sort((a, b) => a.length - b.length)[0] ?? []
  return [...rest, ...nearest]
}

function pointer (value: unknown, path: string): unknown {
  let current = value
  for (const segment of path.split('/').slice(1)) {
    if (typeof current !== 'object' || current === null) return undefined
    current = (current as Record<string, unknown>)[segment.replace(/~1/g, '/').replace(/~0/g, '~')]
  }
  return current
}

function typeName (value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}

function preview (value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? ''
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}
