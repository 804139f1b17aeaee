import { MatchersV3 } from '@pact-foundation/pact'
import { describe, expect, it } from 'vitest'
import { createInvoiceFilesClient, staticToken } from '../../mocks/clients.js'
import { MAX_IDS_PER_REQUEST } from '../../mocks/invoice-files/schemas.js'
import { customerDetailsFail, customerInvoiceFiles, customerInvoices, foreignCustomer, foreignInvoice, serviceUnavailable, tokenExpired } from '../../mocks/invoice-files/states.js'
import { BEARER, consumerPact, FRESH_CONNECTION, rejection } from './pact.js'

const { eachLike, regex, string } = MatchersV3
const pact = consumerPact('invoice-files')
const CLIENT_ID = 'qa-client'
const CUSTOMER = { clientId: CLIENT_ID, customerId: '11111111-1111-4111-8111-111111111111', invoices: 3 }
const PDF_ONLY_INVOICE = 'aaaaaaaa-0000-4000-8000-000000000002'
/** An invoice of the sub-customer 22222222-…, not of CUSTOMER itself. */
const SUB_CUSTOMER_INVOICE = 'aaaaaaaa-0000-4000-8000-000000000004'
const pathOf = (customerId: string): string => `/api/v2/customer/${customerId}/download-invoices`

/** Base64 of a file, recognised by its first bytes: `%PDF-` → `JVBERi0`, `PK\x03\x04` → `UEsDB`. */
const base64File = (prefix: string, example: Buffer): unknown => regex(`^${prefix}[A-Za-z0-9+/]*={0,2}$`, example.toString('base64'))

/** The documented success body: one attachment, no error. */
const successBody = (attachment: unknown): unknown => ({ errorCode: '', errorMessage: '', content: eachLike({ attachmentData: attachment }), pageable: null })

/** The documented failure body: the error codes are the contract, their messages only strings. */
const failureBody = (errorCode: string, errorMessage: string): unknown => ({ errorCode, errorMessage: string(errorMessage), content: '', pageable: null })

describe('invoice-files consumer', () => {
  it('downloads the PDF itself when one invoice of one file is requested', async () => {
    const params = { clientId: CLIENT_ID, customerId: CUSTOMER.customerId, invoiceId: PDF_ONLY_INVOICE, files: 'pdf' }
    await pact.addInteraction()
      .given(customerInvoiceFiles.name(params), params)
      .uponReceiving('a request for the files of one PDF-only invoice')
      .withRequest('POST', pathOf(CUSTOMER.customerId), (request) => request
        .headers(BEARER)
        .jsonBody({ id: [PDF_ONLY_INVOICE] }))
      .willRespondWith(200, (response) => response
        .jsonBody(successBody(base64File('JVBERi0', Buffer.from('%PDF-1.3\n%%EOF\n')))))
      .executeTest(async (server) => {
        const client = createInvoiceFilesClient({ baseUrl: server.url, headers: FRESH_CONNECTION, tokens: staticToken('test-token') })

        const answer = await client.downloadInvoices({ customerId: CUSTOMER.customerId, invoiceIds: [PDF_ONLY_INVOICE] })

        expect(answer.errorCode).toBe('')
        expect(answer.attachment?.subarray(0, 5).toString('latin1')).toBe('%PDF-')
      })
  })

  it('downloads one ZIP of every invoice of the customer for an empty body', async () => {
    await pact.addInteraction()
      .given(customerInvoices.name(CUSTOMER), CUSTOMER)
      .uponReceiving('a request for the files of every invoice of the customer')
      .withRequest('POST', pathOf(CUSTOMER.customerId), (request) => request
        .headers(BEARER)
        .jsonBody({}))
      .willRespondWith(200, (response) => response
        .jsonBody(successBody(base64File('UEsDB', Buffer.from('PK\x03\x04\x14\x00\x08\x00', 'latin1')))))
      .executeTest(async (server) => {
        const client = createInvoiceFilesClient({ baseUrl: server.url, headers: FRESH_CONNECTION, tokens: staticToken('test-token') })

        const answer = await client.downloadInvoices({ customerId: CUSTOMER.customerId })

        expect(answer.errorCode).toBe('')
        expect(answer.attachment?.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04')
      })
  })

  it('gets 400 CUSTOMER_1040 for an invoice that is not the customer\'s', async () => {
    const params = { clientId: CLIENT_ID, customerId: CUSTOMER.customerId, invoiceId: SUB_CUSTOMER_INVOICE }
    await pact.addInteraction()
      .given(foreignInvoice.name(params), params)
      .uponReceiving('a request for an invoice the customer does not own')
      .withRequest('POST', pathOf(CUSTOMER.customerId), (request) => request
        .headers(BEARER)
        .jsonBody({ id: [SUB_CUSTOMER_INVOICE] }))
      .willRespondWith(400, (response) => response.jsonBody(failureBody('CUSTOMER_1040', 'Requested invoice ID\\s invalid')))
      .executeTest(async (server) => {
        const client = createInvoiceFilesClient({ baseUrl: server.url, headers: FRESH_CONNECTION, tokens: staticToken('test-token') })

        const err = await rejection(client.downloadInvoices({ customerId: CUSTOMER.customerId, invoiceIds: [SUB_CUSTOMER_INVOICE] }))

        expect(err.status).toBe(400)
        expect(err.body).toMatchObject({ errorCode: 'CUSTOMER_1040' })
      })
  })

  it(`gets 400 GLOBAL_1010 for more than ${MAX_IDS_PER_REQUEST} invoice IDs`, async () => {
    const ids = Array.from({ length: MAX_IDS_PER_REQUEST + 1 }, (_, index) => `aaaaaaaa-0000-4000-8000-${String(index + 1).padStart(12, '0')}`)
    await pact.addInteraction()
      .given(customerInvoices.name(CUSTOMER), CUSTOMER)
      .uponReceiving(`a request for ${ids.length} invoices at once`)
      .withRequest('POST', pathOf(CUSTOMER.customerId), (request) => request
        .headers(BEARER)
        .jsonBody({ id: ids }))
      .willRespondWith(400, (response) => response.jsonBody(failureBody('GLOBAL_1010', `Too many invoice IDs requested (maximum ${MAX_IDS_PER_REQUEST})`)))
      .executeTest(async (server) => {
        const client = createInvoiceFilesClient({ baseUrl: server.url, headers: FRESH_CONNECTION, tokens: staticToken('test-token') })

        const err = await rejection(client.downloadInvoices({ customerId: CUSTOMER.customerId, invoiceIds: ids }))

        expect(err.status).toBe(400)
        expect(err.body).toMatchObject({ errorCode: 'GLOBAL_1010' })
      })
  })

  it('gets 401 GLOBAL_1003 when the token has expired', async () => {
    await pact.addInteraction()
      .given(tokenExpired.name({}))
      .uponReceiving('a request for invoice files with an expired token')
      .withRequest('POST', pathOf(CUSTOMER.customerId), (request) => request
        .headers(BEARER)
        .jsonBody({}))
      .willRespondWith(401, (response) => response.jsonBody(failureBody('GLOBAL_1003', 'Unauthorized')))
      .executeTest(async (server) => {
        const client = createInvoiceFilesClient({ baseUrl: server.url, headers: FRESH_CONNECTION, tokens: staticToken('expired-token') })

        const err = await rejection(client.downloadInvoices({ customerId: CUSTOMER.customerId }))

        expect(err.status).toBe(401)
        expect(err.body).toMatchObject({ errorCode: 'GLOBAL_1003' })
      })
  })

  it('gets 404 CUSTOMER_1002 for a customer outside the requestor\'s tree', async () => {
    const params = { clientId: CLIENT_ID, customerId: '33333333-3333-4333-8333-333333333333' }
    await pact.addInteraction()
      .given(foreignCustomer.name(params), params)
      .uponReceiving('a request for the invoice files of a customer outside the requestor\'s tree')
      .withRequest('POST', pathOf(params.customerId), (request) => request
        .headers(BEARER)
        .jsonBody({}))
      .willRespondWith(404, (response) => response.jsonBody(failureBody('CUSTOMER_1002', 'Customer does not exist')))
      .executeTest(async (server) => {
        const client = createInvoiceFilesClient({ baseUrl: server.url, headers: FRESH_CONNECTION, tokens: staticToken('test-token') })

        const err = await rejection(client.downloadInvoices({ customerId: params.customerId }))

        expect(err.status).toBe(404)
        expect(err.body).toMatchObject({ errorCode: 'CUSTOMER_1002' })
      })
  })

  it('gets 500 CUSTOMER_1006 when the customer details cannot be retrieved', async () => {
    await pact.addInteraction()
      .given(customerDetailsFail.name({}))
      .uponReceiving('a request for invoice files while customer details cannot be retrieved')
      .withRequest('POST', pathOf(CUSTOMER.customerId), (request) => request
        .headers(BEARER)
        .jsonBody({}))
      .willRespondWith(500, (response) => response.jsonBody(failureBody('CUSTOMER_1006', 'Failed to retrieve customer details')))
      .executeTest(async (server) => {
        const client = createInvoiceFilesClient({ baseUrl: server.url, headers: FRESH_CONNECTION, tokens: staticToken('test-token') })

        const err = await rejection(client.downloadInvoices({ customerId: CUSTOMER.customerId }))

        expect(err.status).toBe(500)
        expect(err.body).toMatchObject({ errorCode: 'CUSTOMER_1006' })
      })
  })

  it('gets 503 GLOBAL_1001 when the invoice service is unavailable', async () => {
    await pact.addInteraction()
      .given(serviceUnavailable.name({}))
      .uponReceiving('a request for invoice files while the invoice service is unavailable')
      .withRequest('POST', pathOf(CUSTOMER.customerId), (request) => request
        .headers(BEARER)
        .jsonBody({}))
      .willRespondWith(503, (response) => response.jsonBody(failureBody('GLOBAL_1001', 'Service unavailable. Please try again')))
      .executeTest(async (server) => {
        const client = createInvoiceFilesClient({ baseUrl: server.url, headers: FRESH_CONNECTION, tokens: staticToken('test-token') })

        const err = await rejection(client.downloadInvoices({ customerId: CUSTOMER.customerId }))

        expect(err.status).toBe(503)
        expect(err.body).toMatchObject({ errorCode: 'GLOBAL_1001' })
      })
  })
})
