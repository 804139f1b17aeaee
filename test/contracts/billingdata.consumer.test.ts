import { MatchersV3 } from '@pact-foundation/pact'
import { describe, expect, it } from 'vitest'
import { createBillingdataClient, staticToken } from '../../mocks/clients.js'
import { resellerInvoices, serviceFails, tokenExpired } from '../../mocks/billingdata/states.js'
import { BEARER, consumerPact, FRESH_CONNECTION, rejection } from './pact.js'

const { eachLike, integer, number, regex, string } = MatchersV3
const pact = consumerPact('billingdata')
const RESELLER = { clientId: 'qa-client', tenantId: 'reseller-1', invoices: 10 }
const PATH = '/api/v1.0/billingdata'

/** ISO 8601 instants: the answer's timestamp (seven fraction digits on the mock) and the billing periods. */
const instant = (example: string): unknown => regex('^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$', example)

/** billingdata's error body; the upstream shows none, so only `status: "error"` is literal. */
const errorBody = (message: string): unknown => ({ status: 'error', message: string(message), timestamp: instant('2026-11-21T03:23:38.2010000Z') })

describe('billingdata consumer', () => {
  it('reads a page of the invoices of the token\'s reseller', async () => {
    await pact.addInteraction()
      .given(resellerInvoices.name(RESELLER), RESELLER)
      .uponReceiving('a request for the first 5 invoices of the reseller')
      .withRequest('GET', PATH, (request) => request
        .query({ page: '1', page_size: '5' })
        .headers(BEARER))
      .willRespondWith(200, (response) => response
        .headers({ 'X-Total-Count': regex('^\\d+$', String(RESELLER.invoices)) })
        .jsonBody({
          page_size: integer(5),
          Datos: eachLike({
            tenantId: string(RESELLER.tenantId),
            invoiceid: regex('^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$', 'ed5734be-9dc9-4e16-bcb1-50e5c94f3fcf'),
            invoiceNumber: regex('^INV-[0-9]{4}-[0-9]{6}$', 'INV-2026-291871'),
            customerName: string('Revendedor 1'),
            billingPeriodStart: instant('2026-01-01T00:00:00.000+00:00'),
            billingPeriodEnd: instant('2026-01-31T23:59:59.999+00:00'),
            invoiceValue: number(228.17)
          }),
          status: 'éxito',
          timestamp: instant('2026-11-21T03:23:38.2010000Z')
        }))
      .executeTest(async (server) => {
        const client = createBillingdataClient({ baseUrl: server.url, headers: FRESH_CONNECTION, tokens: staticToken('test-token') })

        const page = await client.getInvoices({ page: 1, pageSize: 5 })

        expect(page.total).toBe(RESELLER.invoices)
        expect(page.invoices[0]?.invoiceNumber).toMatch(/^INV-\d{4}-\d{6}$/)
        expect(new Date(page.invoices[0]?.billingPeriodStart ?? '').getTime()).toBeLessThan(new Date(page.invoices[0]?.billingPeriodEnd ?? '').getTime())
      })
  })

  it('gets 400 error body for a page size out of range', async () => {
    await pact.addInteraction()
      .given(resellerInvoices.name(RESELLER), RESELLER)
      .uponReceiving('a request for a page of 0 invoices')
      .withRequest('GET', PATH, (request) => request
        .query({ page: '1', page_size: '0' })
        .headers(BEARER))
      .willRespondWith(400, (response) => response.jsonBody(errorBody('query parameter "page_size" must be >= 1')))
      .executeTest(async (server) => {
        const client = createBillingdataClient({ baseUrl: server.url, headers: FRESH_CONNECTION, tokens: staticToken('test-token') })

        const err = await rejection(client.getInvoices({ page: 1, pageSize: 0 }))

        expect(err.status).toBe(400)
        expect(err.body).toMatchObject({ status: 'error' })
      })
  })

  it('gets 401 error body when the token has expired', async () => {
    await pact.addInteraction()
      .given(tokenExpired.name({}))
      .uponReceiving('a request for invoices with an expired token')
      .withRequest('GET', PATH, (request) => request
        .query({ page: '1', page_size: '5' })
        .headers(BEARER))
      .willRespondWith(401, (response) => response.jsonBody(errorBody('The access token has expired. Request a new one.')))
      .executeTest(async (server) => {
        const client = createBillingdataClient({ baseUrl: server.url, headers: FRESH_CONNECTION, tokens: staticToken('expired-token') })

        const err = await rejection(client.getInvoices({ page: 1, pageSize: 5 }))

        expect(err.status).toBe(401)
        expect(err.body).toMatchObject({ status: 'error' })
      })
  })

  it('gets the documented default (500) error body when the service fails', async () => {
    await pact.addInteraction()
      .given(serviceFails.name({}))
      .uponReceiving('a request for invoices while the billing data service fails')
      .withRequest('GET', PATH, (request) => request
        .query({ page: '1', page_size: '5' })
        .headers(BEARER))
      .willRespondWith(500, (response) => response.jsonBody(errorBody('Unexpected error.')))
      .executeTest(async (server) => {
        const client = createBillingdataClient({ baseUrl: server.url, headers: FRESH_CONNECTION, tokens: staticToken('test-token') })

        const err = await rejection(client.getInvoices({ page: 1, pageSize: 5 }))

        expect(err.status).toBe(500)
        expect(err.body).toMatchObject({ status: 'error' })
      })
  })
})
