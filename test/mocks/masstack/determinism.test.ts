import { describe, expect, it } from 'vitest'
import { buildTestApp } from '../../helpers/build-app.js'
import { fetchExchange, listenTestApp } from '../../helpers/listen.js'
import { expectDocumented } from '../../helpers/openapi.js'

const fixtureUrl = '/masstack/v2/orgs/telco/accounts/214748364/invoices'
const generatedUrl = '/masstack/v2/orgs/telco/accounts/250000000/invoices'
const roles = { 'x-auth-roles': 'API_KEY' }

describe('masstack determinism', () => {
  it.each([fixtureUrl, generatedUrl])('answers byte-identical bodies for %s from two servers with the same seed', async (path) => {
    const first = await listenTestApp({ seed: 7 })
    const second = await listenTestApp({ seed: 7 })

    const a = await fetchExchange(first.baseUrl, path, { headers: roles })
    const b = await fetchExchange(second.baseUrl, path, { headers: roles })

    await expectDocumented(first.app, 'masstack', a)
    await expectDocumented(second.app, 'masstack', b)
    expect(a.statusCode).toBe(200)
    expect(b.rawPayload.equals(a.rawPayload)).toBe(true)
  })

  it('answers other data for a generated account under another seed', async () => {
    const seed1 = await buildTestApp({ seed: 1 })
    const seed2 = await buildTestApp({ seed: 2 })

    const a = await seed1.inject({ url: generatedUrl, headers: roles })
    const b = await seed2.inject({ url: generatedUrl, headers: roles })

    await expectDocumented(seed1, 'masstack', a)
    await expectDocumented(seed2, 'masstack', b)
    expect(b.json().invoices[0]).not.toEqual(a.json().invoices[0])
  })

  it('keeps the fixture account\'s period and months under another seed', async () => {
    const seed1 = await buildTestApp({ seed: 1 })
    const seed2 = await buildTestApp({ seed: 2 })

    const a = await seed1.inject({ url: fixtureUrl, headers: roles })
    const b = await seed2.inject({ url: fixtureUrl, headers: roles })

    await expectDocumented(seed1, 'masstack', a)
    await expectDocumented(seed2, 'masstack', b)
    const months = (res: typeof a): string[] => res.json().invoices.map((i: { cycle: { start_date: string } }) => i.cycle.start_date)
    expect(b.json().period_date).toEqual(a.json().period_date)
    expect(months(b)).toEqual(months(a))
    expect(b.body).not.toBe(a.body)
  })
})
