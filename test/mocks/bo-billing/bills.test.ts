import { describe, expect, it } from 'vitest'
import { createTokenService } from '../../../src/auth/tokens.js'
import { resolveConfig } from '../../../src/config.js'
import { bearerHeader, buildTestApp } from '../../helpers/build-app.js'
import { fetchExchange, listenTestApp } from '../../helpers/listen.js'
import { expectDocumented } from '../../helpers/openapi.js'

const url = '/bo-billing/customers/CLIENT_NUMBER/70000001/bills'
const contract = { contractNumber: '80000001' }

interface Bills {
  contractNo: string
  billingAddress: Array<{ street: string, neighborhood: string, city: string, state: string, country: string, zipCode: string }>
  dueDate: string
  invoiceCollection: Array<{ invoiceContractNo: string, invoiceNumber: string, billPeriod: string, invoiceAmount: number, invoiceStatus: boolean }>
}

describe('GET /bo-billing/customers/:idType/:id/bills', () => {
  it('answers the well-known contract\'s bills collection with Bolivian addresses, newest bill first', async () => {
    const app = await buildTestApp()

    const res = await app.inject({ url, query: { ...contract, quantity: '100' }, headers: await bearerHeader(app) })

    expect(res.statusCode).toBe(200)
    await expectDocumented(app, 'bo-billing', res)
    const bills = res.json<Bills>()
    expect(bills.contractNo).toBe('80000001')
    expect(bills.billingAddress[0]).toMatchObject({ city: 'La Paz', state: 'La Paz', country: 'Bolivia' })
    expect(bills.invoiceCollection).toHaveLength(12)
    expect(bills.invoiceCollection.map((bill) => bill.billPeriod).slice(0, 3)).toEqual(['2026-10', '2026-09', '2026-08'])
    expect(bills.invoiceCollection.every((bill) => bill.invoiceContractNo === '80000001' && Number.isInteger(bill.invoiceAmount))).toBe(true)
    expect(bills.invoiceCollection[0]?.invoiceStatus).toBe(false)
    expect(bills.dueDate).toBe('2026-11-20')
  })

  it('pages the bills by pageInit (page from 1) and quantity, with 10 per page by default', async () => {
    const app = await buildTestApp()
    const headers = await bearerHeader(app)

    const all = (await app.inject({ url, query: { ...contract, quantity: '12' }, headers })).json<Bills>().invoiceCollection
    const first = (await app.inject({ url, query: contract, headers })).json<Bills>().invoiceCollection
    const second = await app.inject({ url, query: { ...contract, pageInit: '2', quantity: '5' }, headers })
    const past = await app.inject({ url, query: { ...contract, pageInit: '4', quantity: '5' }, headers })

    expect(first).toEqual(all.slice(0, 10))
    expect(second.json<Bills>().invoiceCollection).toEqual(all.slice(5, 10))
    expect(past.statusCode).toBe(200)
    expect(past.json<Bills>().invoiceCollection).toEqual([])
  })

  it('serves a generated customer in 70000000–79999999 with its contract 8xxxxxxx', async () => {
    const app = await buildTestApp()

    const res = await app.inject({ url: '/bo-billing/customers/CLIENT_NUMBER/71234567/bills', query: { contractNumber: '81234567' }, headers: await bearerHeader(app) })

    expect(res.statusCode).toBe(200)
    await expectDocumented(app, 'bo-billing', res)
    expect(res.json<Bills>().invoiceCollection.length).toBeGreaterThan(0)
  })

  it.each([
    ['contractNumber is missing', {}, /contractNumber" is required/],
    ['contractNumber is not an integer', { contractNumber: 'abc' }, /contractNumber" must be integer/],
    ['quantity is above 100', { ...contract, quantity: '101' }, /quantity" must be <= 100/],
    ['pageInit is 0', { ...contract, pageInit: '0' }, /pageInit" must be >= 1/],
    ['pageInit is not a number', { ...contract, pageInit: 'first' }, /pageInit" must be integer/]
  ])('answers 400 errorBody naming the parameter when %s', async (_case, query, message) => {
    const app = await buildTestApp()

    const res = await app.inject({ url, query, headers: await bearerHeader(app) })

    expect(res.statusCode).toBe(400)
    await expectDocumented(app, 'bo-billing', res)
    expect(res.json()).toMatchObject({ error: { code: '400', message: 'Bad Request', description: expect.stringMatching(message) } })
  })

  it('answers 400 errorBody naming id when it is not numeric, and idType listing the allowed types', async () => {
    const app = await buildTestApp()
    const headers = await bearerHeader(app)

    const badId = await app.inject({ url: '/bo-billing/customers/CLIENT_NUMBER/ABC/bills', query: contract, headers })
    const badType = await app.inject({ url: '/bo-billing/customers/PASSPORT/70000001/bills', query: contract, headers })

    expect(badId.statusCode).toBe(400)
    expect(badId.json().error.description).toMatch(/"id" must be integer/)
    expect(badType.statusCode).toBe(400)
    expect(badType.json().error.description).toMatch(/"idType" must be one of "CLIENT_NUMBER"/)
  })

  it.each([
    ['no Authorization header', undefined, /missing/],
    ['a non-bearer Authorization header', 'Basic cWEtY2xpZW50OnFhLXNlY3JldA==', /not a bearer token/],
    ['a token this server did not sign', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl', /invalid/]
  ])('answers 401 errorBody for %s', async (_case, authorization, message) => {
    const app = await buildTestApp()

    const res = await app.inject({ url, query: contract, headers: authorization === undefined ? {} : { authorization } })

    expect(res.statusCode).toBe(401)
    await expectDocumented(app, 'bo-billing', res)
    expect(res.json().error.description).toMatch(message)
  })

  it('answers 401 errorBody for an expired token', async () => {
    const app = await buildTestApp({ clock: '2026-11-01T12:00:00Z', tokenTtl: 60 })
    const config = resolveConfig({ clock: '2026-11-01T11:58:00Z', tokenTtl: 60 })
    const { token } = createTokenService(config).issue('qa-client', 'read')

    const res = await app.inject({ url, query: contract, headers: { authorization: `Bearer ${token}` } })

    expect(res.statusCode).toBe(401)
    expect(res.json().error.description).toMatch(/expired/)
  })

  it('accepts a token issued by another replica started with the same seed', async () => {
    const issuer = await buildTestApp({ seed: 5 })
    const replica = await buildTestApp({ seed: 5 })

    const res = await replica.inject({ url, query: contract, headers: await bearerHeader(issuer) })

    expect(res.statusCode).toBe(200)
  })

  it.each([
    ['an unknown client', '/bo-billing/customers/CLIENT_NUMBER/12345/bills', '80000001', /No customer with CLIENT_NUMBER 12345/],
    ['a contract the client does not have', url, '80000002', /has no contract 80000002/]
  ])('answers 404 errorBody for %s', async (_case, path, contractNumber, message) => {
    const app = await buildTestApp()

    const res = await app.inject({ url: path, query: { contractNumber }, headers: await bearerHeader(app) })

    expect(res.statusCode).toBe(404)
    await expectDocumented(app, 'bo-billing', res)
    expect(res.json()).toMatchObject({ error: { code: '404', message: 'Not Found', description: expect.stringMatching(message) } })
  })

  it.each(['400', '401', '404', '500', '503'])('answers the documented %s errorBody for Prefer: code', async (code) => {
    const app = await buildTestApp()

    const res = await app.inject({ url, query: contract, headers: { ...(await bearerHeader(app)), prefer: `code=${code}` } })

    expect(res.statusCode).toBe(Number(code))
    await expectDocumented(app, 'bo-billing', res)
    expect(res.json().error.code).toBe(code)
  })

  it('answers 400 listing the documented codes for an undocumented Prefer code', async () => {
    const app = await buildTestApp()

    const res = await app.inject({ url, query: { ...contract, __code: '418' }, headers: await bearerHeader(app) })

    expect(res.statusCode).toBe(400)
    expect(res.json().error.description).toMatch(/200, 400, 401, 404, 414, 431, default \(5xx\)/)
  })

  it('answers 405 errorBody with Allow for another method', async () => {
    const app = await buildTestApp()

    const res = await app.inject({ method: 'DELETE', url, query: contract, headers: await bearerHeader(app) })

    expect(res.statusCode).toBe(405)
    expect(res.headers.allow).toBe('GET')
    expect(res.json().error.code).toBe('405')
  })

  it('answers 404 errorBody for an unknown path under /bo-billing', async () => {
    const app = await buildTestApp()

    const res = await app.inject({ url: '/bo-billing/customers/CLIENT_NUMBER/70000001/invoices' })

    expect(res.statusCode).toBe(404)
    expect(res.json().error).toMatchObject({ code: '404', description: expect.stringMatching(/No bo-billing endpoint/) })
  })

  it('answers the same bytes from two servers with the same seed, and other data with another seed', async () => {
    const generated = '/bo-billing/customers/CLIENT_NUMBER/75550000/bills?contractNumber=85550000&quantity=100'
    const [a, b, c] = await Promise.all([listenTestApp({ seed: 3 }), listenTestApp({ seed: 3 }), listenTestApp({ seed: 4 })].map(async (server) => {
      const { app, baseUrl } = await server
      return fetchExchange(baseUrl, generated, { headers: await bearerHeader(app) })
    }))

    expect(a?.statusCode).toBe(200)
    expect(a?.rawPayload.equals(b?.rawPayload ?? Buffer.alloc(0))).toBe(true)
    expect(c?.body).not.toBe(a?.body)
  })
})
