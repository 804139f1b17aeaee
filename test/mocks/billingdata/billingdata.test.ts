import { describe, expect, it } from 'vitest'
import { bearerHeader, buildTestApp } from '../../helpers/build-app.js'
import { expectDocumented } from '../../helpers/openapi.js'

const url = '/billingdata/api/v1.0/billingdata'

interface Invoice { tenantId: string, invoiceid: string, invoiceNumber: string, customerName: string, billingPeriodStart: string, billingPeriodEnd: string, invoiceValue: number }

describe('GET /billingdata/api/v1.0/billingdata', () => {
  it('answers the reseller\'s invoices with the documented Spanish keys', async () => {
    const app = await buildTestApp({ clock: '2026-11-21T10:00:00.289Z' })

    const res = await app.inject({ url, headers: await bearerHeader(app) })

    expect(res.statusCode).toBe(200)
    await expectDocumented(app, 'billingdata', res)
    const body = res.json<{ page_size: number, Datos: Invoice[], status: string, timestamp: string }>()
    expect(body.status).toBe('éxito')
    expect(body.timestamp).toBe('2026-11-21T10:00:00.2890000Z')
    expect(body.page_size).toBe(10)
    expect(body.Datos).toHaveLength(10)
    expect(body.Datos[0]).toMatchObject({ tenantId: 'reseller-1', customerName: 'Revendedor 1', billingPeriodStart: '2026-01-01T00:00:00.000+00:00', billingPeriodEnd: '2026-01-31T23:59:59.999+00:00' })
    expect(new Set(body.Datos.map((invoice) => invoice.invoiceid)).size).toBe(10)
  })

  it('answers the English keys with --billingdata-keys en', async () => {
    const app = await buildTestApp({ billingdataKeys: 'en' })

    const res = await app.inject({ url, headers: await bearerHeader(app) })

    expect(res.statusCode).toBe(200)
    await expectDocumented(app, 'billingdata', res)
    const body = res.json()
    expect(body.status).toBe('success')
    expect(body.data).toHaveLength(10)
    expect(body).not.toHaveProperty('Datos')
  })

  it('pages by page and page_size, with the total in X-Total-Count and the next page in Link', async () => {
    const app = await buildTestApp()
    const headers = await bearerHeader(app)

    const all = (await app.inject({ url, headers })).json<{ Datos: Invoice[] }>().Datos
    const res = await app.inject({ url, query: { page: '2', page_size: '4' }, headers })

    expect(res.json()).toMatchObject({ page_size: 4, Datos: all.slice(4, 8) })
    expect(res.headers['x-total-count']).toBe('10')
    expect(res.headers.link).toContain('</billingdata/api/v1.0/billingdata?page=3&page_size=4>; rel="next"')
    expect(res.headers.link).toContain('rel="prev"')
  })

  it('answers a generated reseller of its own to a client without a fixture tenant', async () => {
    const app = await buildTestApp({ fixtures: ['fixtures/default.yaml', 'test/fixtures/second-client.yaml'] })

    const res = await app.inject({ url, headers: await bearerHeader(app, 'second-client', 'second-secret') })

    expect(res.statusCode).toBe(200)
    const invoices = res.json<{ Datos: Invoice[] }>().Datos
    expect(invoices.length).toBeGreaterThanOrEqual(6)
    expect(invoices[0]?.tenantId).not.toBe('reseller-1')
  })

  it.each([
    ['page_size is 0', { page_size: '0' }, /page_size" must be >= 1/],
    ['page_size is above 100', { page_size: '101' }, /page_size" must be <= 100/],
    ['page is not a number', { page: 'two' }, /page" must be integer/]
  ])('answers 400 naming the parameter when %s', async (_case, query, message) => {
    const app = await buildTestApp()

    const res = await app.inject({ url, query, headers: await bearerHeader(app) })

    expect(res.statusCode).toBe(400)
    await expectDocumented(app, 'billingdata', res)
    expect(res.json()).toMatchObject({ status: 'error', message: expect.stringMatching(message) })
  })

  it.each([
    ['the token is missing', {}],
    ['the token is invalid', { authorization: 'Bearer not-a-token' }]
  ])('answers 401 when %s', async (_case, headers) => {
    const app = await buildTestApp()

    const res = await app.inject({ url, headers })

    expect(res.statusCode).toBe(401)
    await expectDocumented(app, 'billingdata', res)
    expect(res.json().status).toBe('error')
  })

  it('answers 401 once the token has expired', async () => {
    const issuer = await buildTestApp({ clock: '2026-11-01T10:00:00Z', tokenTtl: 60 })
    const later = await buildTestApp({ clock: '2026-11-01T10:01:01Z', tokenTtl: 60 })
    const headers = await bearerHeader(issuer)

    const res = await later.inject({ url, headers })

    expect(res.statusCode).toBe(401)
    expect(res.json().message).toMatch(/expired/)
  })

  it('answers the documented 401 for Prefer: code=401 even with a valid token', async () => {
    const app = await buildTestApp()

    const res = await app.inject({ url, headers: { ...(await bearerHeader(app)), prefer: 'code=401' } })

    expect(res.statusCode).toBe(401)
    await expectDocumented(app, 'billingdata', res)
  })

  it('answers the same invoices for the same seed, and other invoices for another seed', async () => {
    const [a, b, c] = await Promise.all([1, 1, 2].map(async (seed) => {
      const app = await buildTestApp({ seed, clock: '2026-11-21T10:00:00Z' })
      return (await app.inject({ url, headers: await bearerHeader(app) })).body
    }))

    expect(a).toBe(b)
    expect(c).not.toBe(a)
  })
})
