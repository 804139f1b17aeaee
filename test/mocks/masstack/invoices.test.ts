import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { describe, expect, it } from 'vitest'
import { buildTestApp } from '../../helpers/build-app.js'
import { expectDocumented } from '../../helpers/openapi.js'

const url = '/masstack/v2/orgs/telco/accounts/214748364/invoices'
const generatedUrl = '/masstack/v2/orgs/telco/accounts/250000000/invoices'
const roles = { 'x-auth-roles': 'API_KEY' }

interface Invoice { date: string, status: { id: number, value: string }, cycle: { start_date: string } }

/** Injects with the gateway header unless the options say otherwise, and checks the answer against the document. */
async function send (app: FastifyInstance, options: InjectOptions = {}): Promise<LightMyRequestResponse> {
  const res = await app.inject({ url, headers: roles, ...options })
  await expectDocumented(app, 'masstack', res)
  return res
}

/** "2026-10", "2026-09", … "2025-01": the 22 billed months of the well-known account, newest first. */
const billedMonths = Array.from({ length: 22 }, (_, i) => new Date(Date.UTC(2026, 9 - i, 1)).toISOString().slice(0, 7))

describe('GET /masstack/v2/orgs/:orgId/accounts/:accountId/invoices', () => {
  it('answers 200 with the 22 monthly invoices of account telco/214748364, newest first', async () => {
    const app = await buildTestApp()

    const res = await send(app)

    expect(res.statusCode).toBe(200)
    expect(res.json().account_id).toBe(214748364)
    expect(res.json().invoices.map((i: Invoice) => i.cycle.start_date.slice(0, 7))).toEqual(billedMonths)
  })

  it('answers every documented field of each invoice', async () => {
    const app = await buildTestApp()

    const res = await send(app)

    for (const invoice of res.json().invoices) {
      expect(Object.keys(invoice).sort()).toEqual(['cycle', 'date', 'delivery_mode', 'number', 'path', 'pay_date', 'status', 'value'])
      expect(Object.keys(invoice.status).sort()).toEqual(['id', 'value'])
      expect(Object.keys(invoice.cycle).sort()).toEqual(['end_date', 'start_date'])
    }
  })

  it('answers statuses PENDIENTE, PAGADO or DEVUELTO, with ids 1, 2 and 3', async () => {
    const app = await buildTestApp()

    const res = await send(app)

    for (const { status } of res.json().invoices as Invoice[]) {
      expect(['1 PENDIENTE', '2 PAGADO', '3 DEVUELTO']).toContain(`${status.id} ${status.value}`)
    }
  })

  it('echoes the default period 2025-01-01..2026-10-31 when no dates are given', async () => {
    const app = await buildTestApp()

    const res = await send(app)

    expect(res.json().period_date).toEqual({ start_date: '2025-01-01', end_date: '2026-10-31' })
  })

  it('answers only the invoices inside the requested period, and echoes it', async () => {
    const app = await buildTestApp()

    const res = await send(app, { query: { start_date: '2025-03-01', end_date: '2025-05-31' } })

    expect(res.statusCode).toBe(200)
    expect(res.json().period_date).toEqual({ start_date: '2025-03-01', end_date: '2025-05-31' })
    expect(res.json().invoices.map((i: Invoice) => i.cycle.start_date.slice(0, 7))).toEqual(['2025-05', '2025-04', '2025-03'])
    expect(res.json().invoices.every((i: Invoice) => i.date >= '2025-03-01' && i.date <= '2025-05-31T23:59:59Z')).toBe(true)
  })

  it.each(['2025-13-01', '01/02/2025'])('answers 400 ErrorMessage naming start_date for the malformed date %s', async (date) => {
    const app = await buildTestApp()

    const res = await send(app, { query: { start_date: date } })

    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual({ code: 400, message: expect.stringContaining('start_date') })
  })

  it('answers 400 ErrorMessage naming end_date when it precedes start_date', async () => {
    const app = await buildTestApp()

    const res = await send(app, { query: { start_date: '2025-06-01', end_date: '2025-05-01' } })

    expect(res.statusCode).toBe(400)
    expect(res.json().message).toMatch(/end_date/)
  })

  it('answers 400 ErrorMessage naming x-auth-roles when the header is missing', async () => {
    const app = await buildTestApp()

    const res = await send(app, { headers: {} })

    expect(res.statusCode).toBe(400)
    expect(res.json().message).toMatch(/x-auth-roles/)
  })

  it.each(['abc', '12.5'])('answers 400 ErrorMessage naming accountId for the non-integer %s', async (accountId) => {
    const app = await buildTestApp()

    const res = await send(app, { url: `/masstack/v2/orgs/telco/accounts/${accountId}/invoices` })

    expect(res.statusCode).toBe(400)
    expect(res.json().message).toMatch(/accountId/)
  })

  it('answers 404 ErrorMessage for an unknown organization', async () => {
    const app = await buildTestApp()

    const res = await send(app, { url: '/masstack/v2/orgs/acme/accounts/214748364/invoices' })

    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ code: 404, message: expect.stringContaining('acme') })
  })

  it('answers 404 ErrorMessage for an unknown account', async () => {
    const app = await buildTestApp()

    const res = await send(app, { url: '/masstack/v2/orgs/telco/accounts/123456/invoices' })

    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ code: 404, message: expect.stringContaining('123456') })
  })

  it('answers 200 for a generated account of org telco, billed up to 2026-10-31', async () => {
    const app = await buildTestApp()

    const res = await send(app, { url: generatedUrl })

    expect(res.statusCode).toBe(200)
    expect(res.json().period_date.end_date).toBe('2026-10-31')
    expect(res.json().invoices.length).toBeGreaterThan(0)
  })

  it.each(['POST', 'PUT', 'DELETE'] as const)('answers 405 with Allow: GET and no body to %s', async (method) => {
    const app = await buildTestApp()

    const res = await send(app, { method })

    expect(res.statusCode).toBe(405)
    expect(res.headers.allow).toBe('GET')
    expect(res.body).toBe('')
  })

  it.each([
    ['Prefer: code=404', { headers: { ...roles, prefer: 'code=404' } }],
    ['?__code=404', { query: { __code: '404' } }]
  ])('answers the documented 404 ErrorMessage for %s', async (_how, options) => {
    const app = await buildTestApp()

    const res = await send(app, options)

    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ code: 404, message: expect.any(String) })
  })

  it('answers 400 listing the documented codes for Prefer: code=401', async () => {
    const app = await buildTestApp()

    const res = await send(app, { headers: { ...roles, prefer: 'code=401' } })

    expect(res.statusCode).toBe(400)
    expect(res.json().message).toMatch(/401.*400.*404.*405/)
  })

  it('answers a forced 405 with Allow: GET, as every 405 must carry', async () => {
    const app = await buildTestApp()

    const res = await send(app, { headers: { ...roles, prefer: 'code=405' } })

    expect(res.statusCode).toBe(405)
    expect(res.headers.allow).toBe('GET')
  })
})

describe('unknown paths under /masstack', () => {
  it('answer 404 ErrorMessage naming the path', async () => {
    const app = await buildTestApp()

    const res = await send(app, { url: '/masstack/v2/orgs/telco/customers' })

    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ code: 404, message: expect.stringContaining('/masstack/v2/orgs/telco/customers') })
  })
})
