/**
 * What the two Tigo B2B APIs behind the same Apigee gateway share (hn-billing: 000_11bdf90203667fa5.txt,
 * bo-billing: 001_d07d847a5b61e1b3.txt): the `errorBody` envelope `{error: {code, message, description}}` of
 * every failure. Both documents leave the object inside `error` open; its shape is the mock's choice, the
 * same for both (each API's README says so). Each API keeps its own catalogue of codes in its errors.ts.
 */
import { STATUS_CODES } from 'node:http'
import type { ErrorResponse } from '../src/engine/define-mock.js'
import { classifyError, type ErrorTemplate } from '../src/engine/mock-error.js'
import { Type } from '../src/typebox.js'

export const TigoErrorBodySchema = Type.Object({
  error: Type.Object({
    code: Type.String({ description: 'HTTP status of the error, as a string (e.g. "404").' }),
    message: Type.String({ description: 'Short reason (e.g. "Not Found").' }),
    description: Type.String({ description: 'What failed, naming the parameter or resource, and how to fix it.' })
  }, { additionalProperties: false, description: 'The upstream leaves this object open; its shape is the mock\'s choice (see README).' })
}, { additionalProperties: false })

/**
 * Any failure as a Tigo errorBody: the catalogue's status, the HTTP reason phrase, and the message as description.
 * @example
 * export const toErrorResponse = (err: unknown): ErrorResponse => tigoErrorResponse(err, BO_BILLING_ERRORS)
 */
export function tigoErrorResponse (err: unknown, catalogue: Record<string, ErrorTemplate>): ErrorResponse {
  const { status, message } = classifyError(err, catalogue)
  return { status, body: { error: { code: String(status), message: STATUS_CODES[status] ?? 'Error', description: message } } }
}
