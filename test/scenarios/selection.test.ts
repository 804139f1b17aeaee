import { describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { bearerHeader, buildTestApp } from '../helpers/build-app.js'
import { listenTestApp } from '../helpers/listen.js'
import { expectDocumented } from '../helpers/openapi.js'

const FIXTURES = ['fixtures/default.yaml', 'test/fixtures/scenario-tags.yaml']
const ACCOUNT = '/masstack/v2/orgs/telco/accounts/214748364/invoices'
const TAGGED_ACCOUNT = '/masstack/v2/orgs/telco/accounts/214748365/invoices'
const GENERATED_ACCOUNT = '/masstack/v2/orgs/telco/accounts/250000000/invoices'
const ROLES = { 'x-auth-roles': 'API_KEY' }
const BILLS = '/bo-billing/customers/CLIENT_NUMBER/70000001/bills?contractNumber=80000001'
const TAGGED_BILLS = '/bo-billing/customers/CLIENT_NUMBER/70000002/bills?contractNumber=80000002'

async function activate (app: FastifyInstance, body: Record<string, unknown>): Promise<{ id: string }> {
  const res = await app.inject({ method: 'POST', url: '/__admin/activations', payload: body })
  expect(res.statusCode, res.body).toBe(201)
  return res.json()
}

describe('X-Mock-Scenario', () => {
  it('answers an API error code by name, in the API\'s documented shape', async () => {
    const app = await buildTestApp({ fixtures: FIXTURES })

    const res = await app.inject({ url: ACCOUNT, headers: { ...ROLES, 'x-mock-scenario': 'ACCOUNT_NOT_FOUND' } })

    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ code: 404, message: 'Account not found.' })
    await expectDocumented(app, 'masstack', res)
  })

  it('answers a scenario the fixture files define', async () => {
    const app = await buildTestApp({ fixtures: FIXTURES })

    const res = await app.inject({ url: ACCOUNT, headers: { ...ROLES, 'x-mock-scenario': 'masstack-account-gone' } })

    expect(res.statusCode).toBe(404)
  })

  it('answers the built-in empty scenario with an empty collection and the rest of the answer intact', async () => {
    const app = await buildTestApp({ fixtures: FIXTURES })

    const res = await app.inject({ url: ACCOUNT, headers: { ...ROLES, 'x-mock-scenario': 'empty' } })

    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ account_id: 214748364, invoices: [] })
    await expectDocumented(app, 'masstack', res)
  })

  it('answers the built-in expired-token scenario as the API\'s 401 for an expired token', async () => {
    const app = await buildTestApp({ fixtures: FIXTURES })

    const res = await app.inject({ url: BILLS, headers: { ...(await bearerHeader(app)), 'x-mock-scenario': 'expired-token' } })

    expect(res.statusCode).toBe(401)
    expect(res.json().error.description).toMatch(/expired/)
    expect(res.headers['www-authenticate']).toMatch(/invalid_token/)
    await expectDocumented(app, 'bo-billing', res)
  })

  it('answers 400 naming the known scenarios for an unknown name', async () => {
    const app = await buildTestApp({ fixtures: FIXTURES })

    const res = await app.inject({ url: ACCOUNT, headers: { ...ROLES, 'x-mock-scenario': 'no-such-thing' } })

    expect(res.statusCode).toBe(400)
    expect(res.json().message).toMatch(/Unknown scenario "no-such-thing".*ACCOUNT_NOT_FOUND.*slow/)
  })

  it('answers 400 saying why when the scenario cannot apply to the route', async () => {
    const app = await buildTestApp({ fixtures: FIXTURES })

    const res = await app.inject({ url: ACCOUNT, headers: { ...ROLES, 'x-mock-scenario': 'expired-token' } })

    expect(res.statusCode).toBe(400)
    expect(res.json().message).toMatch(/takes no bearer token/)
  })
})

describe('Prefer: seed and dynamic', () => {
  it('answers with the data of another seed for Prefer: seed=N and for ?__seed=N', async () => {
    const app = await buildTestApp({ fixtures: FIXTURES })
    const seven = await buildTestApp({ fixtures: FIXTURES, seed: 7 })

    const expected = await seven.inject({ url: GENERATED_ACCOUNT, headers: ROLES })
    const byHeader = await app.inject({ url: GENERATED_ACCOUNT, headers: { ...ROLES, prefer: 'seed=7' } })
    const byQuery = await app.inject({ url: `${GENERATED_ACCOUNT}?__seed=7`, headers: ROLES })
    const usual = await app.inject({ url: GENERATED_ACCOUNT, headers: ROLES })

    expect(byHeader.body).toBe(expected.body)
    expect(byQuery.body).toBe(expected.body)
    expect(usual.body).not.toBe(expected.body)
  })

  it('answers fresh data on every request for Prefer: dynamic=true, and schema-valid data still', async () => {
    const app = await buildTestApp({ fixtures: FIXTURES })

    const first = await app.inject({ url: GENERATED_ACCOUNT, headers: { ...ROLES, prefer: 'dynamic=true' } })
    const second = await app.inject({ url: `${GENERATED_ACCOUNT}?__dynamic=true`, headers: ROLES })

    expect(first.statusCode).toBe(200)
    expect(first.body).not.toBe(second.body)
    await expectDocumented(app, 'masstack', first)
  })
})

describe('activation through the admin API', () => {
  it('answers the scenario to every matching request until it is switched off', async () => {
    const app = await buildTestApp({ fixtures: FIXTURES })
    await app.inject({ method: 'POST', url: '/__admin/scenarios/ACCOUNT_NOT_FOUND/activate' })

    const during = await Promise.all([1, 2, 3].map(async () => app.inject({ url: ACCOUNT, headers: ROLES })))
    await app.inject({ method: 'POST', url: '/__admin/scenarios/ACCOUNT_NOT_FOUND/deactivate' })
    const after = await app.inject({ url: ACCOUNT, headers: ROLES })

    expect(during.map((res) => res.statusCode)).toEqual([404, 404, 404])
    expect(after.statusCode).toBe(200)
  })

  it('answers the next N matching requests only, even when they arrive at once', async () => {
    const { app, baseUrl } = await listenTestApp({ fixtures: FIXTURES })
    await activate(app, { scenario: 'ACCOUNT_NOT_FOUND', times: 5 })

    const statuses = await Promise.all(Array.from({ length: 20 }, async () => (await fetch(`${baseUrl}${ACCOUNT}`, { headers: ROLES })).status))

    expect(statuses.filter((status) => status === 404)).toHaveLength(5)
    expect(statuses.filter((status) => status === 200)).toHaveLength(15)
    expect((await app.inject({ url: '/__admin/activations' })).json()).toEqual([])
  })

  it('lets a retry see fail, then succeed', async () => {
    const app = await buildTestApp({ fixtures: FIXTURES })
    await activate(app, { outcome: { status: 500 }, api: 'bo-billing', times: 1 })
    const headers = await bearerHeader(app)

    const first = await app.inject({ url: BILLS, headers })
    const retry = await app.inject({ url: BILLS, headers })

    expect(first.statusCode).toBe(500)
    await expectDocumented(app, 'bo-billing', first)
    expect(retry.statusCode).toBe(200)
  })

  it('answers only requests that carry the activation\'s header, so parallel suites keep apart', async () => {
    const app = await buildTestApp({ fixtures: FIXTURES })
    await activate(app, { scenario: 'ACCOUNT_NOT_FOUND', match: { headers: { 'X-Test-Run': 'suite-a' } } })

    const suiteA = await app.inject({ url: ACCOUNT, headers: { ...ROLES, 'x-test-run': 'suite-a' } })
    const suiteB = await app.inject({ url: ACCOUNT, headers: { ...ROLES, 'x-test-run': 'suite-b' } })
    const none = await app.inject({ url: ACCOUNT, headers: ROLES })

    expect([suiteA.statusCode, suiteB.statusCode, none.statusCode]).toEqual([404, 200, 200])
  })

  it('answers only requests with the activation\'s token', async () => {
    const app = await buildTestApp({ fixtures: FIXTURES })
    const mine = await bearerHeader(app)
    const other = await buildTestApp({ fixtures: FIXTURES, tokenTtl: 60 })
    const theirs = await bearerHeader(other)
    await activate(app, { outcome: { status: 404 }, api: 'bo-billing', match: { token: mine.authorization.slice('Bearer '.length) } })

    const withMine = await app.inject({ url: BILLS, headers: mine })
    const withTheirs = await app.inject({ url: BILLS, headers: theirs })

    expect(withMine.statusCode).toBe(404)
    expect(withTheirs.statusCode).toBe(200)
  })

  it('answers only the API and route it is narrowed to', async () => {
    const app = await buildTestApp({ fixtures: FIXTURES })
    await activate(app, { outcome: { status: 404 }, route: 'getCustomerBills' })

    const bills = await app.inject({ url: BILLS, headers: await bearerHeader(app) })
    const invoices = await app.inject({ url: ACCOUNT, headers: ROLES })

    expect(bills.statusCode).toBe(404)
    expect(invoices.statusCode).toBe(200)
  })

  it('answers 400 for an unknown scenario or API, switching nothing on', async () => {
    const app = await buildTestApp({ fixtures: FIXTURES })

    const unknownScenario = await app.inject({ method: 'POST', url: '/__admin/scenarios/nope/activate' })
    const unknownApi = await app.inject({ method: 'POST', url: '/__admin/activations', payload: { scenario: 'slow', api: 'nope' } })
    const active = await app.inject({ url: '/__admin/activations' })

    expect(unknownScenario.statusCode).toBe(400)
    expect(unknownScenario.json().message).toMatch(/Unknown scenario "nope"/)
    expect(unknownApi.statusCode).toBe(400)
    expect(active.json()).toEqual([])
  })
})

describe('stateful scenarios', () => {
  it('moves from state to state with each request, then answers normally', async () => {
    const app = await buildTestApp({ fixtures: FIXTURES })
    const headers = { ...(await bearerHeader(app)), 'x-mock-scenario': 'bills-fail-twice' }

    const statuses = []
    for (let i = 0; i < 4; i++) statuses.push((await app.inject({ url: BILLS, headers })).statusCode)

    expect(statuses).toEqual([500, 500, 200, 200])
  })

  it('starts from the state PUT /__admin/scenarios/{name}/state sets, and shows it in the list', async () => {
    const app = await buildTestApp({ fixtures: FIXTURES })
    const headers = { ...(await bearerHeader(app)), 'x-mock-scenario': 'bills-fail-twice' }

    const put = await app.inject({ method: 'PUT', url: '/__admin/scenarios/bills-fail-twice/state', payload: { state: 'failed-once' } })
    const listed = (await app.inject({ url: '/__admin/scenarios' })).json().scenarios.find((s: { name: string }) => s.name === 'bills-fail-twice')
    const first = await app.inject({ url: BILLS, headers })
    const second = await app.inject({ url: BILLS, headers })

    expect(put.statusCode).toBe(200)
    expect(listed.state).toBe('failed-once')
    expect([first.statusCode, second.statusCode]).toEqual([500, 200])
  })

  it('answers 400 for a state the scenario does not have', async () => {
    const app = await buildTestApp({ fixtures: FIXTURES })

    const res = await app.inject({ method: 'PUT', url: '/__admin/scenarios/bills-fail-twice/state', payload: { state: 'Finished' } })

    expect(res.statusCode).toBe(400)
    expect(res.json().message).toMatch(/Started, failed-once, recovered/)
  })
})

describe('scenario tags on fixture entities', () => {
  it('answers the tagged scenario for every request about the entity', async () => {
    const app = await buildTestApp({ fixtures: FIXTURES })

    const tagged = await app.inject({ url: TAGGED_ACCOUNT, headers: ROLES })
    const bills = await app.inject({ url: TAGGED_BILLS, headers: await bearerHeader(app) })
    const untagged = await app.inject({ url: ACCOUNT, headers: ROLES })

    expect(tagged.statusCode).toBe(404)
    expect(bills.json().invoiceCollection).toEqual([])
    expect(untagged.statusCode).toBe(200)
  })

  it('stops start-up naming the file and line of a tag that is no scenario', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs')
    const { join } = await import('node:path')
    const { tmpdir } = await import('node:os')
    const file = join(mkdtempSync(join(tmpdir(), 'bm-tags-')), 'bad.yaml')
    writeFileSync(file, 'masstack:\n  accounts:\n    - orgId: telco\n      accountId: 1\n      from: 2026-01-01\n      to: 2026-02-28\n      scenario: GLOBAL_1001\n')

    await expect(buildTestApp({ fixtures: ['fixtures/default.yaml', file] })).rejects.toThrow(/bad\.yaml \(line 7\): masstack\.accounts\[0\]\.scenario "GLOBAL_1001" is no scenario of masstack/)
  })
})

describe('precedence', () => {
  it('prefers X-Mock-Scenario to Prefer: code', async () => {
    const app = await buildTestApp({ fixtures: FIXTURES })

    const res = await app.inject({ url: ACCOUNT, headers: { ...ROLES, 'x-mock-scenario': 'ACCOUNT_NOT_FOUND', prefer: 'code=400' } })

    expect(res.statusCode).toBe(404)
  })

  it('prefers Prefer: code to an activation, which stays for the next request', async () => {
    const app = await buildTestApp({ fixtures: FIXTURES })
    await activate(app, { scenario: 'ACCOUNT_NOT_FOUND', times: 1 })

    const preferred = await app.inject({ url: `${ACCOUNT}?__code=400`, headers: ROLES })
    const next = await app.inject({ url: ACCOUNT, headers: ROLES })

    expect(preferred.statusCode).toBe(400)
    expect(next.statusCode).toBe(404)
  })

  it('keeps an activation in force alongside Prefer: seed, which only picks the data', async () => {
    const app = await buildTestApp({ fixtures: FIXTURES })
    await activate(app, { scenario: 'ACCOUNT_NOT_FOUND' })

    const res = await app.inject({ url: ACCOUNT, headers: { ...ROLES, prefer: 'seed=7' } })

    expect(res.statusCode).toBe(404)
  })

  it('prefers an activation to an entity\'s tag', async () => {
    const app = await buildTestApp({ fixtures: FIXTURES })
    await activate(app, { outcome: { status: 400 }, api: 'masstack' })

    const res = await app.inject({ url: TAGGED_ACCOUNT, headers: ROLES })

    expect(res.statusCode).toBe(400)
  })

  it('records in the journal which scenario shaped each answer, and from where', async () => {
    const app = await buildTestApp({ fixtures: FIXTURES })

    await app.inject({ url: TAGGED_ACCOUNT, headers: ROLES })
    await app.inject({ url: ACCOUNT, headers: { ...ROLES, 'x-mock-scenario': 'empty' } })
    const { requests } = (await app.inject({ url: '/__admin/requests' })).json()

    expect(requests.map((entry: { scenario?: unknown }) => entry.scenario)).toEqual([
      { name: 'empty', source: 'header' },
      { name: 'masstack-account-gone', source: 'fixture' }
    ])
  })
})
