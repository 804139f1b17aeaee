import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { RouteOptions } from '../../src/engine/define-mock.js'
import { acceptEmptyJson } from '../../src/engine/json-body.js'
import { LIMITS, readableBytes } from '../../src/engine/limits.js'
import { mockError } from '../../src/engine/mock-error.js'
import { answerCache } from '../../src/world/cache.js'
import { DownloadBodySchema, DownloadParamsSchema, FailureSchema, MAX_IDS_PER_REQUEST, SuccessSchema, UUID_PATTERN } from './schemas.js'
import type { DownloadAnswer } from './schemas.js'
import type { FilesInvoice, InvoiceFilesWorld } from './world.js'

const UUID = new RegExp(UUID_PATTERN)

const invoiceFilesRoutes: FastifyPluginAsyncTypebox<RouteOptions<InvoiceFilesWorld>> = async (app, { worldFor }) => {
  const answers = answerCache<DownloadAnswer>(1)
  // Bad JSON answers in this API's shape; an empty body parses to nothing, which preValidation refuses.
  acceptEmptyJson(app, (reason) => mockError('GLOBAL_1000', { message: `The request body is not valid JSON (${reason}). Send {"id": ["<invoice UUID>", ...]} or {}.` }))

  app.post('/api/v2/customer/:id/download-invoices', {
    schema: {
      operationId: 'downloadCustomerInvoices',
      summary: 'Get Customer Invoice Files',
      description: `Downloads one or more invoice files (PDF, and XML for e-invoices) of the customer {id}: the requestor's own customer or one of its direct sub-customers. One resulting file → that file in attachmentData; several → one ZIP of them. At most ${MAX_IDS_PER_REQUEST} invoice IDs per request. Error statuses are the mock's choice: CUSTOMER_1040 and the general GLOBAL_1000/GLOBAL_1010 → 400, GLOBAL_1003 → 401, CUSTOMER_1002 → 404 (also for a customer outside the requestor's tree), CUSTOMER_1006 → 500, GLOBAL_1001 → 503.`,
      tags: ['Invoices'],
      security: [{ bearer: [] }],
      params: DownloadParamsSchema,
      body: DownloadBodySchema,
      response: {
        200: { ...SuccessSchema, description: 'Full Success (ACK)' },
        400: { ...FailureSchema, description: 'CUSTOMER_1040 (malformed invoice UUID, or one that is not this customer\'s), GLOBAL_1000 (unreadable request), GLOBAL_1010 (too many IDs)' },
        401: { ...FailureSchema, description: 'GLOBAL_1003: bearer token missing, invalid or expired' },
        404: { ...FailureSchema, description: 'CUSTOMER_1002: no such customer, or not the requestor\'s nor a direct sub-customer' },
        413: { ...FailureSchema, description: `GLOBAL_1011: the request body is over ${readableBytes(LIMITS.bodyBytes)} (${LIMITS.bodyBytes} bytes), the mock's limit` },
        414: { ...FailureSchema, description: `GLOBAL_1012: the path and query are over ${LIMITS.urlLength} characters, or a path parameter is over ${LIMITS.paramLength}` },
        431: { ...FailureSchema, description: `GLOBAL_1013: the request line and headers are over ${readableBytes(LIMITS.headerBytes)} (${LIMITS.headerBytes} bytes)` },
        500: { ...FailureSchema, description: 'CUSTOMER_1006: the requestor\'s or the customer\'s details could not be retrieved' },
        503: { ...FailureSchema, description: 'GLOBAL_1001: service unavailable' }
      }
    },
    // 004_715d166116d01f0a.txt, Examples: the request body is a JSON object whose one field, id, is optional,
    // and the sample sends `{}`. A service of this kind (a request-body DTO) refuses a request without one,
    // so the mock does too: GLOBAL_1000, before the body's own validation (which would say CUSTOMER_1040).
    preValidation: (request, _reply, done) => {
      if (request.body === undefined || request.body === null) {
        done(mockError('GLOBAL_1000', { message: 'The request body is required: send {} for every invoice file of the customer, or {"id": ["<invoice UUID>", ...]} for some, with Content-Type: application/json.' }))
        return
      }
      done()
    }
  }, async function (request) {
    const world = worldFor(request)
    const requestor = world.requestorCustomer(request.client?.id ?? '')
    if (requestor === undefined) throw mockError('CUSTOMER_1006', { message: `Client ${request.client?.id ?? ''} acts for no customer: list it under requestors of a customer in the fixtures.` })

    const customerId = request.params.id.toLowerCase()
    const customer = UUID.test(customerId) ? world.customer(customerId) : undefined
    if (customer === undefined || !world.eligible(requestor, customerId)) {
      throw mockError('CUSTOMER_1002', { message: `Customer ${request.params.id} is neither ${requestor.id} nor one of its direct sub-customers.` })
    }

    const body = request.body
    const requested = [Array.isArray(body) ? body : body.id ?? []].flat()
    if (requested.length > MAX_IDS_PER_REQUEST) throw mockError('GLOBAL_1010', { message: `${requested.length} invoice IDs requested; at most ${MAX_IDS_PER_REQUEST} per request.` })
    const invoices = requested.length === 0
      ? [...customer.invoices]
      : [...new Set(requested.map((id) => id.toLowerCase()))].map((id): FilesInvoice => {
          const invoice = UUID.test(id) ? customer.invoices.find((candidate) => candidate.id === id) : undefined
          if (invoice === undefined) throw mockError('CUSTOMER_1040', { message: `Invoice ID ${id} is ${UUID.test(id) ? `not an invoice of customer ${customer.id}` : 'not a UUID'}.` })
          return invoice
        })
    if (invoices.length === 0) return { errorCode: '', errorMessage: '', content: [], pageable: null }

    invoices.sort((a, b) => a.number.localeCompare(b.number))
    const attachment = await world.attachment(invoices)
    // The attachment's base64 is made once: the same answer object for the same file.
    return answers(attachment, '', () => ({ errorCode: '', errorMessage: '', content: [{ attachmentData: attachment.toString('base64') }], pageable: null }))
  })
}

export default invoiceFilesRoutes
