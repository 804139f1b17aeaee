import { describe, expect, it } from 'vitest'
import { buildTestApp } from '../helpers/build-app.js'

const invoices = '/masstack/v2/orgs/telco/accounts/214748364/invoices'
const roles = { 'x-auth-roles': 'API_KEY' }

describe('GET /__admin/requests with journalSize', () => {
  it('keeps exactly the newest journalSize requests and reports that capacity', async () => {
    const app = await buildTestApp({ journalSize: 5 })
    for (let index = 1; index <= 12; index++) await app.inject({ url: `${invoices}?n=${index}`, headers: roles })

    const res = await app.inject({ url: '/__admin/requests' })

    const { requests, total, capacity } = res.json<{ requests: Array<{ id: number, url: string }>, total: number, capacity: number }>()
    expect(capacity).toBe(5)
    expect(total).toBe(5)
    expect(requests.map((entry) => entry.id)).toEqual([12, 11, 10, 9, 8])
    expect(requests.map((entry) => entry.url)).toEqual([12, 11, 10, 9, 8].map((n) => `${invoices}?n=${n}`))
  })

  it('keeps counting ids after the oldest requests are dropped and after DELETE /__admin/requests', async () => {
    const app = await buildTestApp({ journalSize: 2 })
    for (let index = 0; index < 3; index++) await app.inject({ url: invoices, headers: roles })
    await app.inject({ method: 'DELETE', url: '/__admin/requests' })

    await app.inject({ url: invoices, headers: roles })
    const res = await app.inject({ url: '/__admin/requests' })

    expect(res.json().requests.map((entry: { id: number }) => entry.id)).toEqual([4])
  })

  it('keeps no request with journalSize 0', async () => {
    const app = await buildTestApp({ journalSize: 0 })
    for (let index = 0; index < 3; index++) await app.inject({ url: invoices, headers: roles })

    const list = await app.inject({ url: '/__admin/requests' })
    const count = await app.inject({ url: '/__admin/requests/count' })

    expect(list.json()).toEqual({ requests: [], total: 0, capacity: 0 })
    expect(count.json()).toEqual({ count: 0 })
  })
})
