/**
 * masstack's error catalogue and body: ErrorMessage `{code, message}` for 400/404/500, no body for 405
 * (the upstream documents "Method not allowed, None").
 */
import type { ErrorResponse } from '../../src/engine/define-mock.js'
import { classifyError, type ErrorTemplate } from '../../src/engine/mock-error.js'

export const MASSTACK_ERRORS = {
  MISSING_ROLES: { status: 400, message: 'Header x-auth-roles is required (e.g. "x-auth-roles: API_KEY").' },
  INVALID_RANGE: { status: 400, message: 'end_date must not precede start_date.' },
  ORG_NOT_FOUND: { status: 404, message: 'Organization not found.' },
  ACCOUNT_NOT_FOUND: { status: 404, message: 'Account not found.' }
} as const satisfies Record<string, ErrorTemplate>

const STATUS_MESSAGES: Record<number, string> = {
  400: 'Invalid request body',
  404: 'Resource not found',
  405: 'Method not allowed',
  413: 'Payload too large',
  414: 'URI too long',
  431: 'Request header fields too large',
  500: 'Internal server error'
}

export function toErrorResponse (err: unknown): ErrorResponse {
  const { status, code, message } = classifyError(err, MASSTACK_ERRORS)
  if (status === 405) return { status, body: undefined }
  const text = code === 'FORCED_STATUS' ? `${STATUS_MESSAGES[status] ?? 'Error'} (${message})` : message
  return { status, body: { code: status, message: text } }
}
