import { MatchersV3 } from '@pact-foundation/pact'
import { describe, expect, it } from 'vitest'
import { createBoBillingClient, staticToken } from '../../mocks/clients.js'
import { contractMissing, contractWithBills, customerMissing, serviceFails, tokenExpired } from '../../mocks/bo-billing/states.js'
import { BEARER, consumerPact, FRESH_CONNECTION, rejection } from './pact.js'

const { boolean, eachLike, integer, regex, string } = MatchersV3
const pact = consumerPact('bo-billing')
const CUSTOMER = { id: 70000001, contractNumber: 80000001, bills: 12 }
const BILLS_PATH = `/customers/CLIENT_NUMBER/${CUSTOMER.id}/bills`

/** bo-billing's errorBody: the code is the status (the mock's choice, see README); message and description are free text. */
const errorBody = (status: number): unknown => ({ error: { code: String(status), message: string('Not Found'), description: string('What failed.') } })

describe('bo-billing consumer', () => {
  it('reads a page of the bills of a contract', async () => {
    await pact.addInteraction()
      .given(contractWithBills.name(CUSTOMER), CUSTOMER)
      .uponReceiving('a request for the first 5 bills of a contract')
      .withRequest('GET', BILLS_PATH, (request) => request
        .query({ contractNumber: String(CUSTOMER.contractNumber), pageInit: '1', quantity: '5' })
        .headers(BEARER))
      .willRespondWith(200, (response) => response
        .jsonBody({
          contractNo: string('80000001'),
          billingAddress: eachLike({ street: string('Calle Pacheco Sierra Nº 747'), neighborhood: string('Achumani'), city: string('La Paz'), state: string('La Paz'), country: string('Bolivia'), zipCode: regex('^[0-9]{4}$', '0201') }),
          dueDate: regex('^\\d{4}-\\d{2}-\\d{2}$', '2026-11-20'),
          invoiceCollection: eachLike({
            invoiceContractNo: string('80000001'),
            invoiceNumber: regex('^[0-9]{10}$', '8254293209'),
            billPeriod: regex('^\\d{4}-\\d{2}$', '2026-10'),
            invoiceAmount: integer(751),
            invoiceStatus: boolean(false)
          })
        }))
      .executeTest(async (server) => {
        const client = createBoBillingClient({ baseUrl: server.url, headers: FRESH_CONNECTION, tokens: staticToken('test-token') })

        const bills = await client.getBills({ idType: 'CLIENT_NUMBER', id: CUSTOMER.id, contractNumber: CUSTOMER.contractNumber, pageInit: 1, quantity: 5 })

        expect(bills.invoiceCollection[0]?.billPeriod).toMatch(/^\d{4}-\d{2}$/)
      })
  })

  it('gets 400 errorBody for a page size out of range', async () => {
    await pact.addInteraction()
      .given(contractWithBills.name(CUSTOMER), CUSTOMER)
      .uponReceiving('a request for a page of 0 bills')
      .withRequest('GET', BILLS_PATH, (request) => request
        .query({ contractNumber: String(CUSTOMER.contractNumber), quantity: '0' })
        .headers(BEARER))
      .willRespondWith(400, (response) => response.jsonBody(errorBody(400)))
      .executeTest(async (server) => {
        const client = createBoBillingClient({ baseUrl: server.url, headers: FRESH_CONNECTION, tokens: staticToken('test-token') })

        const err = await rejection(client.getBills({ idType: 'CLIENT_NUMBER', id: CUSTOMER.id, contractNumber: CUSTOMER.contractNumber, quantity: 0 }))

        expect(err.status).toBe(400)
      })
  })

  it('gets 401 errorBody when the token has expired', async () => {
    await pact.addInteraction()
      .given(tokenExpired.name({}))
      .uponReceiving('a request for bills with an expired token')
      .withRequest('GET', BILLS_PATH, (request) => request
        .query({ contractNumber: String(CUSTOMER.contractNumber) })
        .headers(BEARER))
      .willRespondWith(401, (response) => response.jsonBody(errorBody(401)))
      .executeTest(async (server) => {
        const client = createBoBillingClient({ baseUrl: server.url, headers: FRESH_CONNECTION, tokens: staticToken('expired-token') })

        const err = await rejection(client.getBills({ idType: 'CLIENT_NUMBER', id: CUSTOMER.id, contractNumber: CUSTOMER.contractNumber }))

        expect(err.status).toBe(401)
      })
  })

  it('gets 404 errorBody for an unknown customer', async () => {
    const params = { id: 69000001 }
    await pact.addInteraction()
      .given(customerMissing.name(params), params)
      .uponReceiving('a request for the bills of an unknown customer')
      .withRequest('GET', `/customers/CLIENT_NUMBER/${params.id}/bills`, (request) => request
        .query({ contractNumber: '80000001' })
        .headers(BEARER))
      .willRespondWith(404, (response) => response.jsonBody(errorBody(404)))
      .executeTest(async (server) => {
        const client = createBoBillingClient({ baseUrl: server.url, headers: FRESH_CONNECTION, tokens: staticToken('test-token') })

        const err = await rejection(client.getBills({ idType: 'CLIENT_NUMBER', id: params.id, contractNumber: 80000001 }))

        expect(err.status).toBe(404)
      })
  })

  it('gets 404 errorBody for a contract the customer does not have', async () => {
    const params = { id: CUSTOMER.id, contractNumber: 80000099 }
    await pact.addInteraction()
      .given(contractMissing.name(params), params)
      .uponReceiving('a request for the bills of a contract the customer does not have')
      .withRequest('GET', BILLS_PATH, (request) => request
        .query({ contractNumber: String(params.contractNumber) })
        .headers(BEARER))
      .willRespondWith(404, (response) => response.jsonBody(errorBody(404)))
      .executeTest(async (server) => {
        const client = createBoBillingClient({ baseUrl: server.url, headers: FRESH_CONNECTION, tokens: staticToken('test-token') })

        const err = await rejection(client.getBills({ idType: 'CLIENT_NUMBER', id: params.id, contractNumber: params.contractNumber }))

        expect(err.status).toBe(404)
      })
  })

  it('gets the documented default (500) errorBody when the service fails', async () => {
    await pact.addInteraction()
      .given(serviceFails.name({}))
      .uponReceiving('a request for bills while the billing service fails')
      .withRequest('GET', BILLS_PATH, (request) => request
        .query({ contractNumber: String(CUSTOMER.contractNumber) })
        .headers(BEARER))
      .willRespondWith(500, (response) => response.jsonBody(errorBody(500)))
      .executeTest(async (server) => {
        const client = createBoBillingClient({ baseUrl: server.url, headers: FRESH_CONNECTION, tokens: staticToken('test-token') })

        const err = await rejection(client.getBills({ idType: 'CLIENT_NUMBER', id: CUSTOMER.id, contractNumber: CUSTOMER.contractNumber }))

        expect(err.status).toBe(500)
      })
  })
})
