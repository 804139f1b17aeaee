import { STATUS_CODES } from 'node:http'
import { MatchersV3 } from '@pact-foundation/pact'
import { describe, expect, it } from 'vitest'
import { createHnBillingClient, staticToken } from '../../mocks/clients.js'
import { customerMissing, invoiceIssued, invoiceMissing, invoiceWithoutEInvoice, serviceFails, tokenExpired } from '../../mocks/hn-billing/states.js'
import { BEARER, consumerPact, FRESH_CONNECTION, rejection } from './pact.js'

const { regex, string } = MatchersV3
const pact = consumerPact('hn-billing')
/** The well-known customer of fixtures/default.yaml and its invoice with an e-invoice. */
const INVOICE = { msisdn: '50499990001', invoiceNumber: '000-001-01-00012345', invoiceDate: '2026-10-01' }
/** The same customer's invoice without an e-invoice (`eInvoice: false`). */
const PAPER_INVOICE = { msisdn: INVOICE.msisdn, invoiceNumber: '000-001-01-00011987', invoiceDate: '2026-09-01' }
const INVOICES_PATH = `/customers/${INVOICE.msisdn}/invoices`
const SUMMARY_PDF = { invoiceNumber: INVOICE.invoiceNumber, invoiceDate: INVOICE.invoiceDate, type: 'SUMMARY', typeResult: 'PDF' } as const

/** Base64 whose decoded bytes start with `%PDF-` or `<?xml ` (the file is the provider's; only its kind is pinned). */
const BASE64_PDF = regex('^JVBERi0[A-Za-z0-9+/]*={0,2}$', 'JVBERi0xLjcK')
const BASE64_XML = regex('^PD94bWwg[A-Za-z0-9+/]*={0,2}$', 'PD94bWwgdmVyc2lvbj0iMS4wIiBlbmNvZGluZz0iVVRGLTgiPz4=')

/** hn-billing's errorBody; its inner fields are the mock's choice, so only their types are pinned. */
const errorBody = (status: number): unknown => ({ error: { code: String(status), message: string(STATUS_CODES[status] ?? 'Error'), description: string('What failed.') } })

describe('hn-billing consumer', () => {
  it('downloads the SUMMARY PDF of an invoice', async () => {
    await pact.addInteraction()
      .given(invoiceIssued.name(INVOICE), INVOICE)
      .uponReceiving('a request for the SUMMARY PDF of an invoice')
      .withRequest('POST', INVOICES_PATH, (request) => request
        .query(SUMMARY_PDF)
        .headers(BEARER))
      .willRespondWith(200, (response) => response
        // 000_11bdf90203667fa5.txt, status: "Result of the execution of ws: "OK"": the one documented value.
        .jsonBody({ status: 'OK', message: string('Invoice 000-001-01-00012345 (SUMMARY, PDF)'), invoice: BASE64_PDF }))
      .executeTest(async (server) => {
        const client = createHnBillingClient({ baseUrl: server.url, headers: FRESH_CONNECTION, tokens: staticToken('test-token') })

        const answer = await client.downloadInvoice({ msisdn: INVOICE.msisdn, ...SUMMARY_PDF })

        expect(answer.status).toBe('OK')
        expect(Buffer.from(answer.invoice, 'base64').subarray(0, 5).toString()).toBe('%PDF-')
      })
  })

  it('downloads the XML e-invoice of an invoice that has one', async () => {
    await pact.addInteraction()
      .given(invoiceIssued.name(INVOICE), INVOICE)
      .uponReceiving('a request for the XML e-invoice of an invoice')
      .withRequest('POST', INVOICES_PATH, (request) => request
        .query({ ...SUMMARY_PDF, typeResult: 'XML' })
        .headers(BEARER))
      .willRespondWith(200, (response) => response
        .jsonBody({ status: 'OK', message: string('Invoice 000-001-01-00012345 (SUMMARY, XML)'), invoice: BASE64_XML }))
      .executeTest(async (server) => {
        const client = createHnBillingClient({ baseUrl: server.url, headers: FRESH_CONNECTION, tokens: staticToken('test-token') })

        const answer = await client.downloadInvoice({ msisdn: INVOICE.msisdn, ...SUMMARY_PDF, typeResult: 'XML' })

        expect(answer.status).toBe('OK')
        expect(Buffer.from(answer.invoice, 'base64').toString('utf8')).toMatch(/^<\?xml /)
      })
  })

  it('gets 400 errorBody for a malformed invoiceDate', async () => {
    const malformed = { ...SUMMARY_PDF, invoiceDate: '01/10/2026' }
    await pact.addInteraction()
      .given(invoiceIssued.name(INVOICE), INVOICE)
      .uponReceiving('a request for an invoice with a malformed invoiceDate')
      .withRequest('POST', INVOICES_PATH, (request) => request
        .query(malformed)
        .headers(BEARER))
      .willRespondWith(400, (response) => response.jsonBody(errorBody(400)))
      .executeTest(async (server) => {
        const client = createHnBillingClient({ baseUrl: server.url, headers: FRESH_CONNECTION, tokens: staticToken('test-token') })

        const err = await rejection(client.downloadInvoice({ msisdn: INVOICE.msisdn, ...malformed }))

        expect(err.status).toBe(400)
      })
  })

  it('gets 401 errorBody when the token has expired', async () => {
    await pact.addInteraction()
      .given(tokenExpired.name({}))
      .uponReceiving('a request for an invoice with an expired token')
      .withRequest('POST', INVOICES_PATH, (request) => request
        .query(SUMMARY_PDF)
        .headers(BEARER))
      .willRespondWith(401, (response) => response.jsonBody(errorBody(401)))
      .executeTest(async (server) => {
        const client = createHnBillingClient({ baseUrl: server.url, headers: FRESH_CONNECTION, tokens: staticToken('expired-token') })

        const err = await rejection(client.downloadInvoice({ msisdn: INVOICE.msisdn, ...SUMMARY_PDF }))

        expect(err.status).toBe(401)
      })
  })

  it('gets 404 errorBody for an unknown customer', async () => {
    // A well-formed Honduran MSISDN outside the fixtures and the generated 50499000000–50499999999.
    const params = { msisdn: '50431234567' }
    await pact.addInteraction()
      .given(customerMissing.name(params), params)
      .uponReceiving('a request for an invoice of an unknown customer')
      .withRequest('POST', `/customers/${params.msisdn}/invoices`, (request) => request
        .query(SUMMARY_PDF)
        .headers(BEARER))
      .willRespondWith(404, (response) => response.jsonBody(errorBody(404)))
      .executeTest(async (server) => {
        const client = createHnBillingClient({ baseUrl: server.url, headers: FRESH_CONNECTION, tokens: staticToken('test-token') })

        const err = await rejection(client.downloadInvoice({ msisdn: params.msisdn, ...SUMMARY_PDF }))

        expect(err.status).toBe(404)
      })
  })

  it('gets 404 errorBody for an invoice the customer does not have', async () => {
    const params = { msisdn: INVOICE.msisdn, invoiceNumber: '000-001-01-00099999' }
    await pact.addInteraction()
      .given(invoiceMissing.name(params), params)
      .uponReceiving('a request for an invoice the customer does not have')
      .withRequest('POST', INVOICES_PATH, (request) => request
        .query({ ...SUMMARY_PDF, invoiceNumber: params.invoiceNumber })
        .headers(BEARER))
      .willRespondWith(404, (response) => response.jsonBody(errorBody(404)))
      .executeTest(async (server) => {
        const client = createHnBillingClient({ baseUrl: server.url, headers: FRESH_CONNECTION, tokens: staticToken('test-token') })

        const err = await rejection(client.downloadInvoice({ msisdn: INVOICE.msisdn, ...SUMMARY_PDF, invoiceNumber: params.invoiceNumber }))

        expect(err.status).toBe(404)
      })
  })

  it('gets 404 errorBody for the XML of an invoice without an e-invoice', async () => {
    const params = { msisdn: PAPER_INVOICE.msisdn, invoiceNumber: PAPER_INVOICE.invoiceNumber }
    const query = { invoiceNumber: PAPER_INVOICE.invoiceNumber, invoiceDate: PAPER_INVOICE.invoiceDate, type: 'SUMMARY', typeResult: 'XML' } as const
    await pact.addInteraction()
      .given(invoiceWithoutEInvoice.name(params), params)
      .uponReceiving('a request for the XML of an invoice without an e-invoice')
      .withRequest('POST', INVOICES_PATH, (request) => request
        .query(query)
        .headers(BEARER))
      .willRespondWith(404, (response) => response.jsonBody(errorBody(404)))
      .executeTest(async (server) => {
        const client = createHnBillingClient({ baseUrl: server.url, headers: FRESH_CONNECTION, tokens: staticToken('test-token') })

        const err = await rejection(client.downloadInvoice({ msisdn: PAPER_INVOICE.msisdn, ...query }))

        expect(err.status).toBe(404)
      })
  })

  it('gets the documented default (500) errorBody when the service fails', async () => {
    await pact.addInteraction()
      .given(serviceFails.name({}))
      .uponReceiving('a request for an invoice while the invoice service fails')
      .withRequest('POST', INVOICES_PATH, (request) => request
        .query(SUMMARY_PDF)
        .headers(BEARER))
      .willRespondWith(500, (response) => response.jsonBody(errorBody(500)))
      .executeTest(async (server) => {
        const client = createHnBillingClient({ baseUrl: server.url, headers: FRESH_CONNECTION, tokens: staticToken('test-token') })

        const err = await rejection(client.downloadInvoice({ msisdn: INVOICE.msisdn, ...SUMMARY_PDF }))

        expect(err.status).toBe(500)
      })
  })
})
