import { describe, expect, it } from 'vitest'
import { buildTestApp } from '../helpers/build-app.js'

const invoices = '/masstack/v2/orgs/telco/accounts/214748364/invoices'
const roles = { 'x-auth-roles': 'API_KEY' }

describe('POST /__admin/reset', () => {
  it('empties the journal and switches every activation off', async () => {
    const app = await buildTestApp()
    const activated = await app.inject({ method: 'POST', url: '/__admin/scenarios/ACCOUNT_NOT_FOUND/activate', payload: { api: 'masstack' } })
    const forced = await app.inject({ url: invoices, headers: roles })

    const res = await app.inject({ method: 'POST', url: '/__admin/reset' })

    expect(activated.statusCode).toBe(201)
    expect(forced.statusCode).toBe(404)
    expect(res.statusCode).toBe(204)
    expect((await app.inject({ url: '/__admin/requests/count' })).json()).toEqual({ count: 0 })
    expect((await app.inject({ url: '/__admin/activations' })).json()).toEqual([])
    expect((await app.inject({ url: invoices, headers: roles })).statusCode).toBe(200)
  })

  it('keeps the fixtures in force', async () => {
    const app = await buildTestApp()
    const before = (await app.inject({ url: '/__admin/fixtures' })).json()

    await app.inject({ method: 'POST', url: '/__admin/reset' })

    expect((await app.inject({ url: '/__admin/fixtures' })).json()).toEqual(before)
  })
})
