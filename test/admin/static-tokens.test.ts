import { describe, expect, it } from 'vitest'
import { buildTestApp } from '../helpers/build-app.js'
import { expectDocumented } from '../helpers/openapi.js'
import { DEFAULT_FIXTURES, tempFixtures } from '../helpers/temp-fixtures.js'

const bills = '/bo-billing/customers/CLIENT_NUMBER/70000001/bills?contractNumber=80000001'
const TOKENS = [
  'tokens:',
  '  - token: static-qa-token-1',
  '    clientId: qa-client',
  '  - token: static-expired-1',
  '    clientId: qa-client',
  '    state: expired',
  '  - token: static-revoked-1',
  '    clientId: qa-client',
  '    state: revoked'
]

describe('GET /bo-billing/customers/:idType/:id/bills with static tokens', () => {
  it('accepts a static token of the fixture files', async () => {
    const app = await buildTestApp({ fixtures: [DEFAULT_FIXTURES, tempFixtures().write('tokens.yaml', TOKENS)] })

    const res = await app.inject({ url: bills, headers: { authorization: 'Bearer static-qa-token-1' } })

    expect(res.statusCode).toBe(200)
    await expectDocumented(app, 'bo-billing', res)
    expect(res.json().contractNo).toBe('80000001')
  })

  it.each([
    ['static-expired-1', /expired/],
    ['static-revoked-1', /revoked/]
  ])('answers 401 errorBody to %s, saying why', async (token, why) => {
    const app = await buildTestApp({ fixtures: [DEFAULT_FIXTURES, tempFixtures().write('tokens.yaml', TOKENS)] })

    const res = await app.inject({ url: bills, headers: { authorization: `Bearer ${token}` } })

    expect(res.statusCode).toBe(401)
    await expectDocumented(app, 'bo-billing', res)
    expect(res.json().error.code).toBe('401')
    expect(res.json().error.description).toMatch(why)
  })

  it('answers 401 to a static token once a reload has removed it', async () => {
    const fixtures = tempFixtures()
    const file = fixtures.write('tokens.yaml', TOKENS)
    const app = await buildTestApp({ fixtures: [DEFAULT_FIXTURES, file] })
    // An explicitly empty list: an empty file would be refused as one caught half-written.
    fixtures.write('tokens.yaml', ['tokens: []'])

    const reload = await app.inject({ method: 'POST', url: '/__admin/fixtures/reload' })
    const res = await app.inject({ url: bills, headers: { authorization: 'Bearer static-qa-token-1' } })

    expect(reload.statusCode).toBe(200)
    expect(res.statusCode).toBe(401)
  })

  it('journals a static token masked', async () => {
    const app = await buildTestApp({ fixtures: [DEFAULT_FIXTURES, tempFixtures().write('tokens.yaml', TOKENS)] })
    await app.inject({ url: bills, headers: { authorization: 'Bearer static-qa-token-1' } })

    const res = await app.inject({ url: '/__admin/requests' })

    expect(res.json().requests[0].headers.authorization).toBe('Bearer [masked]')
    expect(res.body).not.toContain('static-qa-token-1')
  })

  it('refuses a fixture file whose static token is shorter than 8 characters, naming the field', async () => {
    const fixtures = tempFixtures()
    const file = fixtures.write('tokens.yaml', ['tokens:', '  - token: short', '    clientId: qa-client'])

    await expect(buildTestApp({ fixtures: [DEFAULT_FIXTURES, file] })).rejects.toThrow(`Failed to load ${file} (line 2): tokens[0].token "short"`)
  })
})
