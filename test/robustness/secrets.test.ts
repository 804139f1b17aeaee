/**
 * Secrets are compared by `sameSecret` (constant time), and the token endpoint does not tell an unknown
 * client from a wrong secret: the same answer, after the same work.
 */
import type { LightMyRequestResponse } from 'fastify'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as secrets from '../../src/auth/secrets.js'
import { TOKEN_PATH } from '../../src/auth/token-endpoint.js'
import { basicAuth, bearerHeader, buildTestApp, QA_CLIENT } from '../helpers/build-app.js'
import { DEFAULT_FIXTURES, tempFixtures } from '../helpers/temp-fixtures.js'

vi.mock('../../src/auth/secrets.js', async (importOriginal) => {
  const original = await importOriginal<typeof secrets>()
  return { ...original, sameSecret: vi.fn(original.sameSecret) }
})

const sameSecret = vi.mocked(secrets.sameSecret)
const url = `${TOKEN_PATH}?grant_type=client_credentials`

/** Everything a client can see of an answer, but the Date header. */
function seen (res: LightMyRequestResponse): unknown {
  const { date: _date, ...headers } = res.headers
  return { status: res.statusCode, headers, body: res.body }
}

beforeEach(() => { sameSecret.mockClear() })

describe('POST /oauth/client_credential/accesstoken with bad credentials', () => {
  it.each([
    ['HTTP Basic', (id: string, secret: string) => ({ headers: { authorization: basicAuth(id, secret) } })],
    ['form fields', (id: string, secret: string) => ({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `client_id=${id}&client_secret=${secret}` })]
  ])('answers an unknown client exactly as a wrong secret, after one secret comparison each (%s)', async (_how, credentials) => {
    const app = await buildTestApp()

    const unknown = await app.inject({ method: 'POST', url, ...credentials('nobody-here', QA_CLIENT.secret) })
    const comparedForUnknown = sameSecret.mock.calls.length
    const wrong = await app.inject({ method: 'POST', url, ...credentials(QA_CLIENT.id, 'not-the-secret') })

    expect(unknown.statusCode).toBe(401)
    expect(seen(wrong)).toEqual(seen(unknown))
    expect(comparedForUnknown).toBe(1)
    expect(sameSecret.mock.calls.length).toBe(2)
  })
})

describe('the admin token', () => {
  it('is compared by sameSecret, whether it comes as X-Admin-Token or as a bearer token', async () => {
    const app = await buildTestApp({ adminToken: 'admin-sekret-9' })

    const header = await app.inject({ url: '/__admin/scenarios', headers: { 'x-admin-token': 'admin-sekret-8' } })
    const bearer = await app.inject({ url: '/__admin/scenarios', headers: { authorization: 'Bearer admin-sekret-9' } })

    expect([header.statusCode, bearer.statusCode]).toEqual([401, 200])
    expect(sameSecret.mock.calls).toEqual([['admin-sekret-8', 'admin-sekret-9'], ['admin-sekret-9', 'admin-sekret-9']])
  })
})

describe('an activation that matches a bearer token', () => {
  it('compares the request\'s token with sameSecret, and applies only to that token', async () => {
    const app = await buildTestApp()
    const mine = await bearerHeader(app)
    const token = mine.authorization.slice('Bearer '.length)
    await app.inject({ method: 'POST', url: '/__admin/scenarios/masstack-404-org-not-found/activate', payload: { match: { token } } })
    sameSecret.mockClear()

    const matching = await app.inject({ url: '/masstack/v2/orgs/telco/accounts/214748364/invoices', headers: { ...mine, 'x-auth-roles': 'API_KEY' } })
    const other = await app.inject({ url: '/masstack/v2/orgs/telco/accounts/214748364/invoices', headers: { authorization: `${mine.authorization}x`, 'x-auth-roles': 'API_KEY' } })

    expect([matching.statusCode, other.statusCode]).toEqual([404, 200])
    expect(sameSecret).toHaveBeenCalledWith(token, token)
  })
})

describe('static tokens of the fixtures', () => {
  it('are found by the digest of the bearer value, so only the exact token is accepted', async () => {
    const fixtures = tempFixtures()
    const file = fixtures.write('tokens.yaml', ['tokens:', '  - token: qa-static-token-1234', '    clientId: qa-client'])
    const app = await buildTestApp({ fixtures: [DEFAULT_FIXTURES, file] })

    const exact = await app.inject({ url: '/billingdata/api/v1.0/billingdata', headers: { authorization: 'Bearer qa-static-token-1234' } })
    const prefix = await app.inject({ url: '/billingdata/api/v1.0/billingdata', headers: { authorization: 'Bearer qa-static-token-123' } })

    expect([exact.statusCode, prefix.statusCode]).toEqual([200, 401])
    expect([...app.mocks.current().staticTokens.keys()]).toEqual([secrets.secretKey('qa-static-token-1234')])
  })
})
