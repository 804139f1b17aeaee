/**
 * The one way a route or the engine says "answer with a documented error". Each API's `errors.ts` turns a
 * MockError (or a validation error, or anything else) into that API's own body and status.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { LIMITS, readableBytes } from './limits.js'
import { ownEntry } from './own.js'

/** Failures the engine itself raises; every API's `toErrorResponse` maps each of them. */
export const ENGINE_ERRORS = {
  /** No bearer token, a malformed one, a bad signature, or an expired one. */
  UNAUTHORIZED: 401,
  /** No route under the API's prefix matches the path. */
  ROUTE_NOT_FOUND: 404,
  /** The path exists, the method does not. */
  METHOD_NOT_ALLOWED: 405,
  /** `Prefer: code=NNN` asked for a documented error status; `detail.status` holds it. */
  FORCED_STATUS: 0,
  /** `Prefer: code=NNN` named a status the route does not document. */
  UNDOCUMENTED_STATUS: 400,
  /** A body the server cannot parse (malformed JSON, unsupported content type: then 415). */
  BAD_REQUEST_BODY: 400,
  /** A body over LIMITS.bodyBytes (src/engine/limits.ts). */
  BODY_TOO_LARGE: 413,
  /** A URL over LIMITS.urlLength, or a path parameter over LIMITS.paramLength. */
  URL_TOO_LONG: 414,
  /** A request line and headers over LIMITS.headerBytes (Node's HTTP parser refuses them). */
  HEADERS_TOO_LARGE: 431,
  /** A path that is not valid percent-encoded UTF-8 (`%zz`, `%FF`). */
  BAD_URL: 400,
  /** Bytes that are not HTTP/1.1 at all (Node's HTTP parser refuses them). */
  MALFORMED_REQUEST: 400,
  /** Headers that did not arrive in time (Node's `headersTimeout`). */
  REQUEST_TIMEOUT: 408
} as const

export type EngineErrorCode = keyof typeof ENGINE_ERRORS

export interface MockErrorDetail {
  /** A sentence for the error body: what failed, why, and how to fix it. */
  message?: string
  /** The HTTP status for FORCED_STATUS, or to override the catalogue's status. */
  status?: number
  /** Response headers to add (e.g. `Allow` on 405, `WWW-Authenticate` on 401). */
  headers?: Record<string, string>
  [key: string]: unknown
}

export class MockError extends Error {
  readonly code: string
  readonly detail: MockErrorDetail

  constructor (code: string, detail: MockErrorDetail = {}) {
    // A documented answer, not a fault: its stack trace would never be read, and capturing one was most of
    // what an error answer cost.
    const { stackTraceLimit } = Error
    Error.stackTraceLimit = 0
    super(detail.message ?? code)
    Error.stackTraceLimit = stackTraceLimit
    this.name = 'MockError'
    this.code = code
    this.detail = detail
  }
}

/**
 * Creates the error a handler throws to answer a documented failure.
 * @example
 * if (customer === undefined) throw mockError('CUSTOMER_NOT_FOUND', { message: `No customer with id ${id}.` })
 */
export function mockError (code: string, detail: MockErrorDetail = {}): MockError {
  return new MockError(code, detail)
}

export function isMockError (err: unknown): err is MockError {
  return err instanceof MockError
}

/** A Fastify schema-validation failure, narrowed from the `unknown` error of Fastify 5's error handler. */
export interface ValidationFailure {
  validation: Array<{ instancePath: string, message?: string, keyword: string, params: Record<string, unknown> }>
  validationContext: 'body' | 'querystring' | 'params' | 'headers' | string
}

export function isValidationError (err: unknown): err is ValidationFailure {
  return typeof err === 'object' && err !== null && Array.isArray((err as { validation?: unknown }).validation)
}

/**
 * Names the parameter a validation failure is about, and says what was expected, in one sentence.
 * @example
 * describeValidation(err) // 'query parameter "quantity" must be <= 100'
 */
export function describeValidation (err: ValidationFailure): string {
  const first = err.validation[0]
  if (first === undefined) return `invalid ${partName(err.validationContext)}`
  const params = first.params
  let name = first.instancePath.replace(/^\//, '').replaceAll('/', '.')
  if (first.keyword === 'required' && typeof params.missingProperty === 'string') {
    name = name === '' ? params.missingProperty : `${name}.${params.missingProperty}`
    return `${partName(err.validationContext)} "${name}" is required`
  }
  if (first.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    return `${partName(err.validationContext)} "${params.additionalProperty}" is not a documented parameter`
  }
  let message = first.message ?? 'is invalid'
  if (first.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    message = `must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`
  }
  return name === '' ? `${partName(err.validationContext)} ${message}` : `${partName(err.validationContext)} "${name}" ${message}`
}

function partName (context: string): string {
  switch (context) {
    case 'querystring': return 'query parameter'
    case 'params': return 'path parameter'
    case 'headers': return 'header'
    case 'body': return 'request body'
    default: return context
  }
}

/**
 * The HTTP status Fastify attached to a non-validation error it raised itself (bad JSON, 413, 415), if any.
 * Anything else (a bug, a thrown TypeError) has no client status and becomes the API's 500.
 */
export function clientErrorStatus (err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined
  const { statusCode, code } = err as { statusCode?: unknown, code?: unknown }
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500 && typeof code === 'string' && code.startsWith('FST_')) return statusCode
  return undefined
}

/** One entry of an API's error catalogue (the Prism pattern). */
export interface ErrorTemplate {
  status: number
  message: string
}

/** A failure reduced to what every API's error body needs. */
export interface ClassifiedError {
  status: number
  /** The catalogue or engine code (e.g. CUSTOMER_1002, UNAUTHORIZED), VALIDATION, BAD_REQUEST_BODY or INTERNAL. */
  code: string
  message: string
}

/**
 * Reduces any failure to status, code and message; each API's `toErrorResponse` then shapes its own body.
 * @example
 * const { status, code, message } = classifyError(err, MASSTACK_ERRORS)
 */
export function classifyError (err: unknown, catalogue: Record<string, ErrorTemplate>): ClassifiedError {
  if (isMockError(err)) {
    const template = ownEntry(catalogue, err.code)
    const engineStatus = ownEntry<number>(ENGINE_ERRORS, err.code)
    const status = err.detail.status ?? template?.status ?? (engineStatus !== undefined && engineStatus > 0 ? engineStatus : 500)
    return { status, code: err.code, message: err.detail.message ?? template?.message ?? err.code }
  }
  if (isValidationError(err)) return { status: 400, code: 'VALIDATION', message: describeValidation(err) }
  const clientStatus = clientErrorStatus(err)
  if ((err as { code?: unknown }).code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return { status: ENGINE_ERRORS.BODY_TOO_LARGE, code: 'BODY_TOO_LARGE', message: `The request body is larger than ${readableBytes(LIMITS.bodyBytes)}, the mock's limit.` }
  }
  if (clientStatus !== undefined) return { status: clientStatus, code: 'BAD_REQUEST_BODY', message: (err as Error).message }
  return { status: 500, code: 'INTERNAL', message: 'The mock failed unexpectedly while answering; the server log has the details.' }
}

/**
 * Whether a failure is the client going away: it closed the connection while its body was still coming
 * (Node's "aborted", ECONNRESET), or its socket is gone. That is no server error, and nobody is left to
 * answer: error handlers log it at debug and send nothing.
 * @example
 * if (clientWentAway(err, request.raw)) return reply.hijack()
 */
export function clientWentAway (err: unknown, raw: { socket: { destroyed: boolean } | null }): boolean {
  const { code, message } = (typeof err === 'object' && err !== null ? err : {}) as { code?: unknown, message?: unknown }
  if (code === 'ECONNRESET' || code === 'ECONNABORTED' || message === 'aborted') return true
  // A body that stopped coming, seen by Fastify's reader as a 4xx of its own, on a socket that is gone.
  return (raw.socket === null || raw.socket.destroyed) && clientErrorStatus(err) !== undefined
}

/**
 * What an error handler does when the client went away: a debug line, and no answer (there is no one to
 * send it to, and trying would only raise a write error).
 * @example
 * if (clientWentAway(err, request.raw)) return goneQuietly(request, reply)
 */
export function goneQuietly (request: FastifyRequest, reply: FastifyReply): FastifyReply {
  request.log.debug({ method: request.method, path: request.url.split('?')[0] }, 'the client went away before its request was complete; nothing answered')
  reply.hijack()
  return reply
}
