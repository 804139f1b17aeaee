/**
 * invoice-files' error catalogue: the four documented codes with their messages verbatim (typo included),
 * plus general codes the document alludes to ("in addition to the general success and failure codes")
 * without listing them. The HTTP status of each is the mock's choice (README, OpenAPI document).
 */
import type { ErrorResponse } from '../../src/engine/define-mock.js'
import { classifyError, isValidationError, type ErrorTemplate } from '../../src/engine/mock-error.js'
import { MAX_IDS_PER_REQUEST } from './schemas.js'

export const INVOICE_FILES_ERRORS = {
  GLOBAL_1001: { status: 503, message: 'Service unavailable. Please try again' },
  CUSTOMER_1002: { status: 404, message: 'Customer does not exist' },
  CUSTOMER_1006: { status: 500, message: 'Failed to retrieve customer details' },
  CUSTOMER_1040: { status: 400, message: 'Requested invoice ID\\s invalid' },
  GLOBAL_1000: { status: 400, message: 'Invalid request' },
  GLOBAL_1003: { status: 401, message: 'Unauthorized' },
  GLOBAL_1004: { status: 404, message: 'Resource not found' },
  GLOBAL_1005: { status: 405, message: 'Method not allowed' },
  GLOBAL_1010: { status: 400, message: `Too many invoice IDs requested (maximum ${MAX_IDS_PER_REQUEST})` },
  GLOBAL_1011: { status: 413, message: 'Request body too large' },
  GLOBAL_1012: { status: 414, message: 'Request URI too long' },
  GLOBAL_1013: { status: 431, message: 'Request headers too large' }
} as const satisfies Record<string, ErrorTemplate>

export type InvoiceFilesErrorCode = keyof typeof INVOICE_FILES_ERRORS

/** The catalogue code answering an engine failure or a forced status (Prefer: code=NNN). */
const BY_ENGINE_CODE: Record<string, InvoiceFilesErrorCode> = {
  UNAUTHORIZED: 'GLOBAL_1003',
  ROUTE_NOT_FOUND: 'GLOBAL_1004',
  METHOD_NOT_ALLOWED: 'GLOBAL_1005',
  UNDOCUMENTED_STATUS: 'GLOBAL_1000',
  BAD_REQUEST_BODY: 'GLOBAL_1000',
  BAD_URL: 'GLOBAL_1000',
  MALFORMED_REQUEST: 'GLOBAL_1000',
  REQUEST_TIMEOUT: 'GLOBAL_1000',
  BODY_TOO_LARGE: 'GLOBAL_1011',
  URL_TOO_LONG: 'GLOBAL_1012',
  HEADERS_TOO_LARGE: 'GLOBAL_1013',
  INTERNAL: 'GLOBAL_1001'
}
const BY_STATUS: Record<number, InvoiceFilesErrorCode> = {
  400: 'CUSTOMER_1040', 401: 'GLOBAL_1003', 404: 'CUSTOMER_1002', 405: 'GLOBAL_1005', 413: 'GLOBAL_1011', 414: 'GLOBAL_1012', 431: 'GLOBAL_1013', 500: 'CUSTOMER_1006', 503: 'GLOBAL_1001'
}

/**
 * Failure body exactly as documented: `{errorCode, errorMessage, content: "", pageable: null}`. The
 * message is the catalogue's, verbatim; what exactly failed goes to the `x-mock-detail` header.
 */
export function toErrorResponse (err: unknown): ErrorResponse {
  const classified = classifyError(err, INVOICE_FILES_ERRORS)
  let code: InvoiceFilesErrorCode
  if (Object.hasOwn(INVOICE_FILES_ERRORS, classified.code)) code = classified.code as InvoiceFilesErrorCode
  else if (classified.code === 'VALIDATION' && isValidationError(err) && err.validationContext === 'body') code = 'CUSTOMER_1040'
  else if (classified.code === 'VALIDATION') code = 'GLOBAL_1000'
  else if (classified.code === 'FORCED_STATUS') code = BY_STATUS[classified.status] ?? 'GLOBAL_1001'
  else code = BY_ENGINE_CODE[classified.code] ?? 'GLOBAL_1001'
  const { status, message } = INVOICE_FILES_ERRORS[code]
  return {
    status,
    body: { errorCode: code, errorMessage: message, content: '', pageable: null },
    headers: { 'x-mock-detail': classified.message.replace(/[^\x20-\x7e]/g, '?').slice(0, 500) }
  }
}
