import { describe, expect, it } from 'vitest'
import { globMatch } from '../../src/assembly/journal.js'
import { bearerHeader, buildTestApp } from '../helpers/build-app.js'
import { listenTestApp } from '../helpers/listen.js'
import { DEFAULT_FIXTURES, tempFixtures } from '../helpers/temp-fixtures.js'

const INVOICES = '/masstack/v2/orgs/telco/accounts/214748364/invoices'
const ROLES = { 'x-auth-roles': 'API_KEY' }

describe('the journal and broken connections', () => {
  it('journals a request whose connection a fault broke, with status 0 and the scenario', async () => {
    const { app, baseUrl } = await listenTestApp()

    await fetch(`${baseUrl}${INVOICES}`, { headers: { ...ROLES, 'x-mock-scenario': 'connection-reset' } }).catch(() => undefined)
    await fetch(`${baseUrl}${INVOICES}`, { headers: ROLES })
    await expect.poll(async () => (await app.inject({ url: '/__admin/requests/count?api=masstack' })).json().count).toBe(2)
    const { requests } = (await app.inject({ url: '/__admin/requests?api=masstack' })).json()

    expect(requests.map((entry: { status: number }) => entry.status)).toEqual([200, 0])
    expect(requests[1].scenario).toEqual({ name: 'connection-reset', source: 'header' })
  })

  it('masks credential headers of any name (x-api-key, x-access-token) and keeps the others', async () => {
    const app = await buildTestApp()

    await app.inject({ url: INVOICES, headers: { ...ROLES, 'x-api-key': 'REALKEY', 'x-access-token': 'REALTOKEN' } })
    const [entry] = (await app.inject({ url: '/__admin/requests' })).json().requests

    expect(entry.headers).toMatchObject({ 'x-api-key': '[masked]', 'x-access-token': '[masked]', 'x-auth-roles': 'API_KEY' })
  })

  it('matches path filters with * without backtracking', () => {
    expect(globMatch('/masstack/*', '/masstack/v2/orgs')).toBe(true)
    expect(globMatch('/*/v2/*/invoices', '/masstack/v2/orgs/telco/accounts/1/invoices')).toBe(true)
    expect(globMatch('/*/v3/*', '/masstack/v2/orgs')).toBe(false)
    expect(globMatch('*a*a*a*a*a*a*a*a*a*a*a*ab', 'a'.repeat(40))).toBe(false)
    expect(globMatch('/exact', '/exact')).toBe(true)
    expect(globMatch('/exact', '/exactly')).toBe(false)
    expect(globMatch('/a*a', '/a')).toBe(false)
  })
})

describe('POST /__admin/activations', () => {
  it.each([
    [{ outcome: { error: 'NOPE' } }, /outcome\.error is no error code of any API/],
    [{ scenario: 'GLOBAL_1001', route: 'GET /nope' }, /route matches no route/],
    [{ outcome: { status: 500, empty: true }, api: 'masstack' }, /outcome\.empty comes with status/],
    [{ scenario: 'GLOBAL_1001', api: 'masstack' }, /error is no error code of masstack/]
  ])('answers 400 for an activation that could never apply (%j)', async (body, message) => {
    const app = await buildTestApp()

    const res = await app.inject({ method: 'POST', url: '/__admin/activations', payload: body })
    const active = await app.inject({ url: '/__admin/activations' })

    expect(res.statusCode).toBe(400)
    expect(res.json().message).toMatch(message)
    expect(active.json()).toEqual([])
  })

  it('takes an empty JSON body as "no options"', async () => {
    const app = await buildTestApp()

    const res = await app.inject({ method: 'POST', url: '/__admin/scenarios/slow/activate', headers: { 'content-type': 'application/json' }, payload: '' })

    expect(res.statusCode).toBe(201)
  })

  it('refuses changes from a page of another site, and accepts them from a local page', async () => {
    const app = await buildTestApp()

    const evil = await app.inject({ method: 'POST', url: '/__admin/reset', headers: { origin: 'https://evil.example' } })
    const local = await app.inject({ method: 'POST', url: '/__admin/reset', headers: { origin: 'http://localhost:3000' } })
    const read = await app.inject({ url: '/__admin/scenarios', headers: { origin: 'https://evil.example' } })

    expect(evil.statusCode).toBe(403)
    expect(evil.json().message).toMatch(/another site/)
    expect(local.statusCode).toBe(204)
    expect(read.statusCode).toBe(200)
  })
})

describe('POST /__admin/fixtures/reload and runtime state', () => {
  it('puts a stateful scenario back in Started when its state is gone, and drops activations of removed scenarios', async () => {
    const fixtures = tempFixtures()
    const file = fixtures.write('qa.yaml', [
      'scenarios:',
      '  - name: flaky',
      '    api: masstack',
      '    states:',
      '      Started: { status: 400, next: broken }',
      '      broken: { status: 404, next: Started }',
      '  - name: gone-soon',
      '    api: masstack',
      '    status: 400'
    ])
    const app = await buildTestApp({ fixtures: [DEFAULT_FIXTURES, file] })
    await app.inject({ url: INVOICES, headers: { ...ROLES, 'x-mock-scenario': 'flaky' } })
    await app.inject({ method: 'POST', url: '/__admin/scenarios/gone-soon/activate', payload: { match: { headers: { 'x-run': 'a' } } } })
    fixtures.write('qa.yaml', ['scenarios:', '  - name: flaky', '    api: masstack', '    states:', '      Started: { status: 404, next: ok }', '      ok: {}'])

    const reload = await app.inject({ method: 'POST', url: '/__admin/fixtures/reload' })
    const next = await app.inject({ url: INVOICES, headers: { ...ROLES, 'x-mock-scenario': 'flaky' } })

    expect(reload.json().changes).toEqual([
      expect.stringMatching(/"gone-soon" switched off/),
      expect.stringMatching(/"flaky" back in "Started": state "broken" is gone/)
    ])
    expect(next.statusCode).toBe(404)
    expect((await app.inject({ url: '/__admin/activations' })).json()).toEqual([])
  })
})

describe('invoice-files scenario tags', () => {
  it('keeps a tagged customer outside the requestor\'s tree hidden: 404 CUSTOMER_1002, not its tag', async () => {
    const fixtures = tempFixtures()
    const file = fixtures.write('tag.yaml', [
      'invoice-files:',
      '  customers:',
      '    - id: 44444444-4444-4444-8444-444444444444',
      '      name: Otra S.A.',
      '      scenario: CUSTOMER_1006',
      '      invoices: []'
    ])
    const app = await buildTestApp({ fixtures: [DEFAULT_FIXTURES, file] })

    const res = await app.inject({
      method: 'POST',
      url: '/invoice-files/api/v2/customer/44444444-4444-4444-8444-444444444444/download-invoices',
      headers: await bearerHeader(app),
      payload: {}
    })

    expect(res.statusCode).toBe(404)
    expect(res.json().errorCode).toBe('CUSTOMER_1002')
  })
})
