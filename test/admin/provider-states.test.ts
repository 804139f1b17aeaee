import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PACKAGE_ROOT } from '../../src/config.js'
import { verify } from '../../src/contracts/verify.js'
import { bearerHeader, buildTestApp } from '../helpers/build-app.js'

const url = '/__admin/provider-states'

describe('POST /__admin/provider-states', () => {
  it('switches on the scenario a state asks for, until the next state change', async () => {
    const app = await buildTestApp()
    const headers = await bearerHeader(app)
    const download = async (): Promise<number> => (await app.inject({ method: 'POST', url: '/invoice-files/api/v2/customer/11111111-1111-4111-8111-111111111111/download-invoices', headers, payload: {} })).statusCode

    const setup = await app.inject({ method: 'POST', url: `${url}?api=invoice-files`, payload: { state: 'the invoice service is unavailable', action: 'setup' } })
    const during = await download()
    await app.inject({ method: 'POST', url, payload: { state: '', action: 'setup' } })
    const after = await download()

    expect(setup.json()).toEqual({ state: 'the invoice service is unavailable', api: 'invoice-files', kind: 'scenario' })
    expect([during, after]).toEqual([503, 200])
  })

  it('checks a data state against the fixtures, reading its parameters from the name when none are sent', async () => {
    const app = await buildTestApp()

    const met = await app.inject({ method: 'POST', url, payload: { state: 'customer 70000001 has contract 80000001 with 12 bills' } })
    const unmet = await app.inject({ method: 'POST', url, payload: { state: 'customer 70000001 has contract 80000001 with 13 bills' } })

    expect(met.statusCode).toBe(200)
    expect(unmet.statusCode).toBe(400)
    expect(unmet.json().message).toMatch(/has 12 bills in the fixtures, not 13/)
  })

  it('answers 200 with a warning for a state it cannot recognise, setting nothing up (pact-js\'s convention)', async () => {
    const app = await buildTestApp()

    const unknown = await app.inject({ method: 'POST', url, payload: { state: 'the moon is full' } })

    expect(unknown.statusCode).toBe(200)
    expect(unknown.json()).toMatchObject({ state: 'the moon is full', kind: 'unknown', warning: expect.stringMatching(/bo-billing: "customer \{id\} has contract.*verified against the default world/) })
    expect((await app.inject({ url: '/__admin/activations' })).json()).toEqual([])
  })

  it('answers 400 for an unknown state with ?strict=true, and for one several APIs share without ?api', async () => {
    const app = await buildTestApp()

    const unknown = await app.inject({ method: 'POST', url: `${url}?strict=true`, payload: { state: 'the moon is full' } })
    const ambiguous = await app.inject({ method: 'POST', url, payload: { state: 'the bearer token has expired' } })

    expect(unknown.statusCode).toBe(400)
    expect(unknown.json()).toMatchObject({ error: 'unknown_state' })
    expect(unknown.json().message).toMatch(/bo-billing: "customer \{id\} has contract/)
    expect(ambiguous.json()).toMatchObject({ error: 'ambiguous_state' })
  })

  it('sets up a paraphrased state: parameters in another order, an optional org left out', async () => {
    const app = await buildTestApp()

    const reordered = await app.inject({ method: 'POST', url: `${url}?api=bo-billing`, payload: { state: 'customer 70000001 with 12 bills has contract 80000001' } })
    const withoutOrg = await app.inject({ method: 'POST', url: `${url}?api=masstack`, payload: { state: 'account 999999999 doesn\'t exist' } })

    expect(reordered.json()).toEqual({ state: 'customer 70000001 with 12 bills has contract 80000001', api: 'bo-billing', kind: 'data' })
    expect(withoutOrg.json()).toEqual({ state: 'account 999999999 doesn\'t exist', api: 'masstack', kind: 'data' })
  })
})

describe('npm run verify -- --pact', () => {
  it('verifies a user\'s pact, recorded with another provider name and a long-expired token, against the mock', async () => {
    const pact = JSON.parse(readFileSync(`${PACKAGE_ROOT}contracts/billing-clients-bo-billing.json`, 'utf8')) as { provider: { name: string }, interactions: Array<{ request: { headers?: Record<string, unknown>, matchingRules?: unknown } }> }
    pact.provider.name = 'tigo-bo-billing'
    for (const interaction of pact.interactions) {
      interaction.request.headers = { ...interaction.request.headers, Authorization: ['Bearer expired.recorded.token'] }
      delete interaction.request.matchingRules
    }
    const file = join(mkdtempSync(join(tmpdir(), 'bm-pact-')), 'my-app-tigo-bo-billing.json')
    writeFileSync(file, JSON.stringify(pact))

    const [report] = await verify({ pact: [file], provider: 'bo-billing', logLevel: 'error' })

    expect(report?.failed).toBe(false)
    expect(report?.verified).toHaveLength(6)
  })
})
