/**
 * Names that come from a request index tables (scenarios, error codes, states): only the tables' own entries
 * count, never what a plain object inherits. And activations are bounded, filed by API and route.
 */
import { describe, expect, it } from 'vitest'
import { LIMITS } from '../../src/engine/limits.js'
import { buildTestApp } from '../helpers/build-app.js'
import { expectDocumented } from '../helpers/openapi.js'

const INVOICES = '/masstack/v2/orgs/telco/accounts/214748364/invoices'
const ROLES = { 'x-auth-roles': 'API_KEY' }
const PROTOTYPE_NAMES = ['constructor', '__proto__', 'valueOf', 'hasOwnProperty', 'toString']

describe('names inherited from Object.prototype', () => {
  it.each(PROTOTYPE_NAMES)('answers 400 to POST /__admin/scenarios/%s/activate and switches nothing on', async (name) => {
    const app = await buildTestApp()

    const res = await app.inject({ method: 'POST', url: `/__admin/scenarios/${name}/activate` })

    expect(res.statusCode).toBe(400)
    await expectDocumented(app, '__admin', res)
    expect(res.json().message).toContain(`Unknown scenario "${name}"`)
    expect((await app.inject({ url: '/__admin/activations' })).json()).toEqual([])
  })

  it.each(PROTOTYPE_NAMES)('answers 400 to an inline outcome with error "%s"', async (name) => {
    const app = await buildTestApp()

    const res = await app.inject({ method: 'POST', url: '/__admin/activations', payload: { outcome: { error: name } } })

    expect(res.statusCode).toBe(400)
    expect(res.json().message).toMatch(/outcome\.error is no error code/)
  })

  it.each(PROTOTYPE_NAMES)('answers X-Mock-Scenario: %s with 400 naming the unknown scenario, not a 500', async (name) => {
    const app = await buildTestApp()

    const res = await app.inject({ url: INVOICES, headers: { ...ROLES, 'x-mock-scenario': name } })

    expect(res.statusCode).toBe(400)
    expect(res.body).toContain(name)
  })

  it('refuses "constructor" as the state of a stateful scenario', async () => {
    const app = await buildTestApp()
    const stateful = (await app.inject({ url: '/__admin/scenarios' })).json().scenarios.find((scenario: { states?: unknown }) => scenario.states !== undefined)

    const res = await app.inject({ method: 'PUT', url: `/__admin/scenarios/${stateful.name as string}/state`, payload: { state: 'constructor' } })

    expect(res.statusCode).toBe(400)
    expect(res.json().message).toContain('has no state "constructor"')
  })
})

describe(`activations: at most ${LIMITS.activations} at once`, () => {
  it('answers 409 naming the limit once it is reached, and keeps the ones already on working', async () => {
    const app = await buildTestApp()
    for (let index = 0; index < LIMITS.activations; index++) {
      const res = await app.inject({ method: 'POST', url: '/__admin/activations', payload: { scenario: 'GLOBAL_1001', api: 'invoice-files', match: { headers: { 'x-run': `run-${index}` } } } })
      if (res.statusCode !== 201) throw new Error(`activation ${index}: ${res.statusCode} ${res.body}`)
    }

    const refused = await app.inject({ method: 'POST', url: '/__admin/scenarios/GLOBAL_1001/activate', payload: { api: 'invoice-files' } })
    const normal = await app.inject({ url: INVOICES, headers: ROLES })

    expect(refused.statusCode).toBe(409)
    await expectDocumented(app, '__admin', refused)
    expect(refused.json()).toMatchObject({ error: 'too_many_activations', message: expect.stringContaining(`${LIMITS.activations} activations`) })
    expect((await app.inject({ url: '/__admin/activations' })).json()).toHaveLength(LIMITS.activations)
    expect(normal.statusCode).toBe(200)
  })

  it('takes new ones again once some are switched off', async () => {
    const app = await buildTestApp()
    for (let index = 0; index < LIMITS.activations; index++) {
      await app.inject({ method: 'POST', url: '/__admin/activations', payload: { scenario: 'slow', api: 'bo-billing', match: { headers: { 'x-run': `run-${index}` } } } })
    }

    await app.inject({ method: 'POST', url: '/__admin/scenarios/slow/deactivate' })
    const res = await app.inject({ method: 'POST', url: '/__admin/scenarios/GLOBAL_1001/activate', payload: { api: 'invoice-files' } })

    expect(res.statusCode).toBe(201)
  })

  it('still picks the newest matching activation when those of other APIs and routes are filed apart', async () => {
    const app = await buildTestApp()
    const on = async (payload: object): Promise<string> => (await app.inject({ method: 'POST', url: '/__admin/activations', payload })).json().id
    await on({ outcome: { status: 400 } })
    await on({ scenario: 'CUSTOMER_1002', api: 'invoice-files' })
    const newest = await on({ outcome: { status: 404 }, api: 'masstack', route: 'GET /v2/orgs/{orgId}/accounts/{accountId}/invoices' })
    await on({ outcome: { status: 400 }, api: 'bo-billing' })

    const first = await app.inject({ url: INVOICES, headers: ROLES })
    await app.inject({ method: 'DELETE', url: `/__admin/activations/${newest}` })
    const second = await app.inject({ url: INVOICES, headers: ROLES })

    expect(first.statusCode).toBe(404)
    expect(second.statusCode).toBe(400)
  })
})
