import type { FastifyInstance } from 'fastify'
import { describe, expect, it } from 'vitest'
import { buildTestApp } from '../helpers/build-app.js'
import { expectDocumented } from '../helpers/openapi.js'

const invoices = '/masstack/v2/orgs/telco/accounts/214748364/invoices'
const roles = { 'x-auth-roles': 'API_KEY' }

async function count (app: FastifyInstance, query: Record<string, string> = {}): Promise<number> {
  const res = await app.inject({ url: '/__admin/requests/count', query })
  expect(res.statusCode).toBe(200)
  await expectDocumented(app, '__admin', res)
  return res.json<{ count: number }>().count
}

describe('GET /__admin/requests/count', () => {
  it('counts exactly the requests that match every filter', async () => {
    const app = await buildTestApp()
    for (let index = 0; index < 3; index++) await app.inject({ url: invoices, headers: roles })
    await app.inject({ url: invoices })
    await app.inject({ method: 'POST', url: invoices, headers: roles })
    await app.inject({ url: '/masstack/v2/orgs/telco/account/1/invoices', headers: roles })
    await app.inject({ url: '/hn-billing/customers/50499990001/invoices' })

    expect(await count(app)).toBe(7)
    expect(await count(app, { api: 'masstack' })).toBe(6)
    expect(await count(app, { path: invoices, method: 'GET', status: '200' })).toBe(3)
    expect(await count(app, { path: '/masstack/*', status: '400' })).toBe(1)
    expect(await count(app, { method: 'POST' })).toBe(1)
    expect(await count(app, { unmatched: 'true' })).toBe(3)
    expect(await count(app, { api: 'bo-billing' })).toBe(0)
  })

  it.each([
    ['a misspelt filter', { stauts: '500' }, /stauts/],
    ['limit, which only the list takes', { limit: '1' }, /limit/]
  ])('answers 400 naming %s instead of counting everything', async (_case, query, named) => {
    const app = await buildTestApp()

    const res = await app.inject({ url: '/__admin/requests/count', query })

    expect(res.statusCode).toBe(400)
    expect(res.json().error).toBe('bad_request')
    expect(res.json().message).toMatch(named)
  })
})

describe('DELETE /__admin/requests', () => {
  it('empties the journal and answers 204', async () => {
    const app = await buildTestApp()
    for (let index = 0; index < 3; index++) await app.inject({ url: invoices, headers: roles })

    const res = await app.inject({ method: 'DELETE', url: '/__admin/requests' })

    expect(res.statusCode).toBe(204)
    expect(res.body).toBe('')
    expect(await count(app)).toBe(0)
  })

  it('journals the requests that follow', async () => {
    const app = await buildTestApp()
    await app.inject({ url: invoices, headers: roles })
    await app.inject({ method: 'DELETE', url: '/__admin/requests' })

    await app.inject({ url: invoices, headers: roles })

    expect(await count(app, { path: invoices })).toBe(1)
  })
})
