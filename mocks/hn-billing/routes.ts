import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { RouteOptions } from '../../src/engine/define-mock.js'
import { limitResponses } from '../../src/engine/limits.js'
import { mockError } from '../../src/engine/mock-error.js'
import { answerCache } from '../../src/world/cache.js'
import { ErrorBodySchema, InvoiceParamsSchema, InvoiceQuerySchema, InvoiceSchema } from './schemas.js'
import type { InvoiceAnswer } from './schemas.js'
import type { HnWorld } from './world.js'

const hnBillingRoutes: FastifyPluginAsyncTypebox<RouteOptions<HnWorld>> = async (app, { worldFor }) => {
  const answers = answerCache<InvoiceAnswer>(4)
  app.post('/customers/:msisdn/invoices', {
    schema: {
      operationId: 'downloadInvoice',
      summary: 'Allows you to download invoices in pdf format',
      description: 'This resource allows you to download the billing summary in pdf format. `invoice` holds the file in base64: the PDF (SUMMARY or DETAIL), or with `typeResult=XML` the UBL 2.1 e-invoice of invoices that have one. The request has no body.',
      tags: ['Invoices'],
      security: [{ application: ['read'] }],
      params: InvoiceParamsSchema,
      querystring: InvoiceQuerySchema,
      response: {
        200: { ...InvoiceSchema, description: 'Successful response' },
        400: { ...ErrorBodySchema, description: 'Bad Request.' },
        401: { ...ErrorBodySchema, description: 'Unauthorized.' },
        404: { ...ErrorBodySchema, description: 'Not Found.' },
        ...limitResponses(ErrorBodySchema, { body: true }),
        default: { ...ErrorBodySchema, description: 'Unhandled resource' }
      }
    },
  }, async function (request) {
    const world = worldFor(request)
    const { msisdn } = request.params
    const { invoiceNumber, invoiceDate, type, typeResult } = request.query
    const customer = world.customer(msisdn)
    if (customer === undefined) throw mockError('CUSTOMER_NOT_FOUND', { message: `No customer with MSISDN ${msisdn}.` })
    const invoice = customer.invoices.get(invoiceNumber)
    if (invoice === undefined) throw mockError('INVOICE_NOT_FOUND', { message: `Customer ${msisdn} has no invoice ${invoiceNumber}.` })
    if (invoice.invoiceDate !== invoiceDate) throw mockError('INVOICE_NOT_FOUND', { message: `Invoice ${invoiceNumber} of ${msisdn} was not issued on ${invoiceDate}: check invoiceDate.` })
    if (typeResult === 'XML' && !invoice.eInvoice) throw mockError('NO_E_INVOICE', { message: `Invoice ${invoiceNumber} has no electronic invoice: ask for typeResult=PDF.` })

    const file = await world.file(invoice, type, typeResult)
    // The file's base64 is made once: the same answer object for the same file.
    return answers(file, `${invoiceNumber}/${type}/${typeResult}`, () => ({ status: 'OK', message: `Invoice ${invoiceNumber} (${type}, ${typeResult})`, invoice: file.toString('base64') }))
  })
}

export default hnBillingRoutes
