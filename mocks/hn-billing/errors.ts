/**
 * hn-billing's error catalogue, and the Tigo errorBody `{error: {code, message, description}}` for every failure,
 * documented (400, 401, 404, default) or not (405 wrong method, 413/415 unreadable body).
 */
import type { ErrorResponse } from '../../src/engine/define-mock.js'
import type { ErrorTemplate } from '../../src/engine/mock-error.js'
import { tigoErrorResponse } from '../tigo.js'

export const HN_BILLING_ERRORS = {
  CUSTOMER_NOT_FOUND: { status: 404, message: 'Customer not found.' },
  INVOICE_NOT_FOUND: { status: 404, message: 'Invoice not found for this customer.' },
  NO_E_INVOICE: { status: 404, message: 'The invoice has no electronic invoice (XML).' }
} as const satisfies Record<string, ErrorTemplate>

/** The shared Tigo errorBody (mocks/tigo.ts) with this API's codes. */
export function toErrorResponse (err: unknown): ErrorResponse {
  return tigoErrorResponse(err, HN_BILLING_ERRORS)
}
