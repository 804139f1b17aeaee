import { MatchersV3 } from '@pact-foundation/pact'
import { describe, expect, it } from 'vitest'
import { createMasstackClient } from '../../mocks/clients.js'
import { accountBilled, accountMissing, orgMissing } from '../../mocks/masstack/states.js'
import { consumerPact, FRESH_CONNECTION, rejection } from './pact.js'

// The 405 the route documents is not here: the typed client only sends GET, so no consumer asks for it.

const { eachLike, integer, number, regex, string } = MatchersV3
const pact = consumerPact('masstack')
/** The well-known account of fixtures/default.yaml. */
const ACCOUNT = { orgId: 'telco', accountId: 214748364, from: '2025-01-01', to: '2026-10-31' }
const INVOICES_PATH = `/v2/orgs/${ACCOUNT.orgId}/accounts/${ACCOUNT.accountId}/invoices`
/** The gateway's roles vary by caller; the contract pins only that the header is there. */
const ROLES = { 'x-auth-roles': regex('^\\S.*$', 'API_KEY') }

const DATE = '^\\d{4}-\\d{2}-\\d{2}$'
const DATE_TIME = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$'

/** masstack's ErrorMessage; its shape is the mock's choice (the upstream names it without showing it), so only types are pinned. */
const errorMessage = (status: number): unknown => ({ code: status, message: string('What failed.') })

describe('masstack consumer', () => {
  it('reads the invoices of an account issued in a date range', async () => {
    const range = { startDate: '2025-01-01', endDate: '2025-06-30' }
    await pact.addInteraction()
      .given(accountBilled.name(ACCOUNT), ACCOUNT)
      .uponReceiving('a request for the invoices of an account in the first half of 2025')
      .withRequest('GET', INVOICES_PATH, (request) => request
        .query({ start_date: range.startDate, end_date: range.endDate })
        .headers(ROLES))
      .willRespondWith(200, (response) => response
        .jsonBody({
          // The account asked for, echoed: the one value the consumer relies on.
          account_id: ACCOUNT.accountId,
          period_date: { start_date: regex(DATE, range.startDate), end_date: regex(DATE, range.endDate) },
          invoices: eachLike({
            value: number(28.45),
            delivery_mode: string('yosoymas'),
            date: regex(DATE_TIME, '2025-06-30T22:00:00Z'),
            pay_date: regex(DATE_TIME, '2025-07-05T22:00:00Z'),
            number: regex('^MM[0-9]{8}$', 'MM81964829'),
            path: string('/invoices/20250630/MM81964829.pdf'),
            status: { id: integer(2), value: string('PAGADO') },
            cycle: { start_date: regex(DATE_TIME, '2025-06-01T00:00:00Z'), end_date: regex(DATE_TIME, '2025-06-30T23:59:59Z') }
          })
        }))
      .executeTest(async (server) => {
        const client = createMasstackClient({ baseUrl: server.url, headers: FRESH_CONNECTION })

        const list = await client.getInvoices({ orgId: ACCOUNT.orgId, accountId: ACCOUNT.accountId, ...range })

        expect(list.account_id).toBe(ACCOUNT.accountId)
        expect(list.invoices.map((invoice) => invoice.date.slice(0, 10)).every((day) => day >= range.startDate && day <= range.endDate)).toBe(true)
        expect(list.invoices[0]?.status.value).toMatch(/^(PENDIENTE|PAGADO|DEVUELTO)$/)
      })
  })

  it('gets 400 ErrorMessage without the x-auth-roles header', async () => {
    await pact.addInteraction()
      .given(accountBilled.name(ACCOUNT), ACCOUNT)
      .uponReceiving('a request for invoices without x-auth-roles')
      .withRequest('GET', INVOICES_PATH)
      .willRespondWith(400, (response) => response.jsonBody(errorMessage(400)))
      .executeTest(async (server) => {
        const client = createMasstackClient({ baseUrl: server.url, headers: FRESH_CONNECTION, roles: null })

        const err = await rejection(client.getInvoices({ orgId: ACCOUNT.orgId, accountId: ACCOUNT.accountId }))

        expect(err.status).toBe(400)
      })
  })

  it('gets 400 ErrorMessage when end_date precedes start_date', async () => {
    const range = { startDate: '2025-06-01', endDate: '2025-05-01' }
    await pact.addInteraction()
      .given(accountBilled.name(ACCOUNT), ACCOUNT)
      .uponReceiving('a request for invoices with end_date before start_date')
      .withRequest('GET', INVOICES_PATH, (request) => request
        .query({ start_date: range.startDate, end_date: range.endDate })
        .headers(ROLES))
      .willRespondWith(400, (response) => response.jsonBody(errorMessage(400)))
      .executeTest(async (server) => {
        const client = createMasstackClient({ baseUrl: server.url, headers: FRESH_CONNECTION })

        const err = await rejection(client.getInvoices({ orgId: ACCOUNT.orgId, accountId: ACCOUNT.accountId, ...range }))

        expect(err.status).toBe(400)
      })
  })

  it('gets 404 ErrorMessage for an unknown org', async () => {
    const params = { orgId: 'acme' }
    await pact.addInteraction()
      .given(orgMissing.name(params), params)
      .uponReceiving('a request for the invoices of an account of an unknown org')
      .withRequest('GET', `/v2/orgs/${params.orgId}/accounts/${ACCOUNT.accountId}/invoices`, (request) => request
        .headers(ROLES))
      .willRespondWith(404, (response) => response.jsonBody(errorMessage(404)))
      .executeTest(async (server) => {
        const client = createMasstackClient({ baseUrl: server.url, headers: FRESH_CONNECTION })

        const err = await rejection(client.getInvoices({ orgId: params.orgId, accountId: ACCOUNT.accountId }))

        expect(err.status).toBe(404)
      })
  })

  it('gets 404 ErrorMessage for an unknown account', async () => {
    const params = { orgId: ACCOUNT.orgId, accountId: 100000000 }
    await pact.addInteraction()
      .given(accountMissing.name(params), params)
      .uponReceiving('a request for the invoices of an unknown account')
      .withRequest('GET', `/v2/orgs/${params.orgId}/accounts/${params.accountId}/invoices`, (request) => request
        .headers(ROLES))
      .willRespondWith(404, (response) => response.jsonBody(errorMessage(404)))
      .executeTest(async (server) => {
        const client = createMasstackClient({ baseUrl: server.url, headers: FRESH_CONNECTION })

        const err = await rejection(client.getInvoices({ orgId: params.orgId, accountId: params.accountId }))

        expect(err.status).toBe(404)
      })
  })
})
