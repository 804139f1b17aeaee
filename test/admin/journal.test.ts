import type { FastifyInstance } from 'fastify'
import { describe, expect, it } from 'vitest'
import { TOKEN_PATH } from '../../src/auth/token-endpoint.js'
import { bearerHeader, buildTestApp, QA_CLIENT } from '../helpers/build-app.js'
import type { JournalEntry } from '../../src/assembly/journal.js'
import { expectDocumented } from '../helpers/openapi.js'

const invoices = '/masstack/v2/orgs/telco/accounts/214748364/invoices'
const roles = { 'x-auth-roles': 'API_KEY' }
const bills = '/bo-billing/customers/CLIENT_NUMBER/70000001/bills?contractNumber=80000001'

/** An entry as GET /__admin/requests answers it (JSON: the journal's own type). */
type Entry = JournalEntry

async function journal (app: FastifyInstance, query: Record<string, string> = {}): Promise<{ requests: Entry[], total: number, capacity: number }> {
  const res = await app.inject({ url: '/__admin/requests', query })
  expect(res.statusCode).toBe(200)
  await expectDocumented(app, '__admin', res)
  return res.json()
}

describe('GET /__admin/requests', () => {
  it('lists requests newest first with method, path, api, route and status', async () => {
    const app = await buildTestApp()
    await app.inject({ url: invoices, headers: roles })
    await app.inject({ url: `${invoices}?start_date=2026-01-01`, headers: {} })

    const { requests, total } = await journal(app)

    expect(total).toBe(2)
    expect(requests.map((entry) => entry.id)).toEqual([2, 1])
    expect(requests[0]).toMatchObject({ method: 'GET', url: `${invoices}?start_date=2026-01-01`, path: invoices, api: 'masstack', route: 'GET /masstack/v2/orgs/:orgId/accounts/:accountId/invoices', status: 400 })
    expect(requests[1]).toMatchObject({ method: 'GET', path: invoices, api: 'masstack', status: 200, headers: { 'x-auth-roles': 'API_KEY' } })
    expect(Date.parse(requests[0]?.at ?? '')).toBeGreaterThanOrEqual(Date.parse(requests[1]?.at ?? ''))
  })

  it('masks the Authorization header, keeping its scheme, and the token appears nowhere in the journal', async () => {
    const app = await buildTestApp()
    const { authorization } = await bearerHeader(app)
    const token = authorization.replace('Bearer ', '')

    await app.inject({ url: bills, headers: { authorization } })
    const res = await app.inject({ url: '/__admin/requests' })

    const [call, tokenRequest] = res.json<{ requests: Entry[] }>().requests
    expect(call).toMatchObject({ api: 'bo-billing', status: 200, headers: { authorization: 'Bearer [masked]' } })
    expect(tokenRequest).toMatchObject({ api: 'oauth', headers: { authorization: 'Basic [masked]' } })
    expect(res.body).not.toContain(token)
    expect(res.body).not.toContain(authorization.slice(7, 40))
  })

  it('masks a token request\'s client_secret form field', async () => {
    const app = await buildTestApp()

    await app.inject({
      method: 'POST',
      url: TOKEN_PATH,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `grant_type=client_credentials&client_id=${QA_CLIENT.id}&client_secret=${QA_CLIENT.secret}`
    })
    const res = await app.inject({ url: '/__admin/requests' })

    expect(res.json().requests[0]).toMatchObject({
      route: `POST ${TOKEN_PATH}`,
      status: 200,
      body: { grant_type: 'client_credentials', client_id: QA_CLIENT.id, client_secret: '[masked]' }
    })
    expect(res.body).not.toContain(QA_CLIENT.secret)
  })

  it('masks secrets sent in the query string', async () => {
    const app = await buildTestApp()

    await app.inject({ method: 'POST', url: `${TOKEN_PATH}?grant_type=client_credentials&client_id=${QA_CLIENT.id}&client_secret=${QA_CLIENT.secret}` })
    await app.inject({ url: `${bills}&access_token=some-bearer-value` })
    const res = await app.inject({ url: '/__admin/requests' })

    expect(res.json().requests.map((entry: Entry) => entry.url)).toEqual([
      `${bills}&access_token=[masked]`,
      `${TOKEN_PATH}?grant_type=client_credentials&client_id=${QA_CLIENT.id}&client_secret=[masked]`
    ])
    expect(res.body).not.toContain(QA_CLIENT.secret)
    expect(res.body).not.toContain('some-bearer-value')
  })

  it('filters by api, by path with *, by method and by status', async () => {
    const app = await buildTestApp()
    const headers = await bearerHeader(app)
    await app.inject({ url: invoices, headers: roles })
    await app.inject({ url: invoices })
    await app.inject({ url: bills, headers })
    await app.inject({ method: 'POST', url: '/hn-billing/customers/50499990001/invoices', headers, payload: {} })

    const paths = async (query: Record<string, string>): Promise<string[]> => (await journal(app, query)).requests.map((entry) => `${entry.method} ${entry.path} ${entry.status}`)

    expect(await paths({ api: 'masstack' })).toEqual([`GET ${invoices} 400`, `GET ${invoices} 200`])
    expect(await paths({ api: 'oauth' })).toEqual([`POST ${TOKEN_PATH} 200`])
    expect(await paths({ path: '/bo-billing/*/bills' })).toEqual(['GET /bo-billing/customers/CLIENT_NUMBER/70000001/bills 200'])
    expect(await paths({ path: '/masstack/*', status: '400' })).toEqual([`GET ${invoices} 400`])
    expect((await paths({ method: 'post' })).map((line) => line.split(' ')[1])).toEqual(['/hn-billing/customers/50499990001/invoices', TOKEN_PATH])
    expect(await paths({ path: '/masstack' })).toEqual([])
  })

  it('filters by since, an instant at or before the request', async () => {
    const app = await buildTestApp()
    await app.inject({ url: invoices, headers: roles })
    const [first] = (await journal(app)).requests
    await new Promise((resolve) => setTimeout(resolve, 5))
    const since = new Date().toISOString()
    await app.inject({ url: invoices })

    const after = await journal(app, { since })
    const fromFirst = await journal(app, { since: first?.at ?? '' })
    const later = await journal(app, { since: new Date(Date.now() + 60_000).toISOString() })

    expect(after.requests.map((entry) => entry.status)).toEqual([400])
    expect(fromFirst.total).toBe(2)
    expect(later.total).toBe(0)
  })

  it('answers at most limit requests, newest first, with the total that matched', async () => {
    const app = await buildTestApp()
    for (let index = 0; index < 4; index++) await app.inject({ url: `${invoices}?n=${index}`, headers: roles })

    const { requests, total } = await journal(app, { limit: '2' })

    expect(requests.map((entry) => entry.url)).toEqual([`${invoices}?n=3`, `${invoices}?n=2`])
    expect(total).toBe(4)
  })

  it('gives a request that matched no route route null and near misses naming the misspelt segment', async () => {
    const app = await buildTestApp()
    await app.inject({ url: invoices, headers: roles })
    await app.inject({ url: '/masstack/v2/orgs/telco/account/1/invoices', headers: roles })

    const { requests } = await journal(app, { unmatched: 'true' })

    expect(requests).toHaveLength(1)
    expect(requests[0]).toMatchObject({ path: '/masstack/v2/orgs/telco/account/1/invoices', api: 'masstack', route: null, status: 404 })
    expect(requests[0]?.nearMisses?.[0]).toEqual({
      route: 'GET /masstack/v2/orgs/:orgId/accounts/:accountId/invoices',
      distance: expect.any(Number),
      reasons: ['segment 5 "account" is not "accounts"']
    })
  })

  it('gives a request with the wrong method route null and a near miss naming the method', async () => {
    const app = await buildTestApp()

    await app.inject({ method: 'DELETE', url: invoices, headers: roles })
    const { requests } = await journal(app)

    expect(requests[0]).toMatchObject({ method: 'DELETE', route: null, status: 405 })
    expect(requests[0]?.nearMisses?.[0]).toMatchObject({
      route: 'GET /masstack/v2/orgs/:orgId/accounts/:accountId/invoices',
      reasons: ['method DELETE, the route takes GET']
    })
  })

  it('lists only matched requests for unmatched=false', async () => {
    const app = await buildTestApp()
    await app.inject({ url: invoices, headers: roles })
    await app.inject({ url: '/masstack/v2/orgs/telco/account/1/invoices', headers: roles })
    await app.inject({ url: '/nowhere' })

    const matched = await journal(app, { unmatched: 'false' })
    const unmatched = await journal(app, { unmatched: 'true' })

    expect(matched.requests.map((entry) => entry.path)).toEqual([invoices])
    expect(unmatched.requests.map((entry) => [entry.path, entry.api])).toEqual([['/nowhere', null], ['/masstack/v2/orgs/telco/account/1/invoices', 'masstack']])
  })

  it('does not journal admin, /health or /docs requests', async () => {
    const app = await buildTestApp()

    await app.inject({ url: '/health' })
    await app.inject({ url: '/docs' })
    await app.inject({ url: '/__admin/scenarios' })
    await app.inject({ url: '/__admin/no-such-endpoint' })
    await app.inject({ url: invoices, headers: roles })
    const { requests } = await journal(app)

    expect(requests.map((entry) => entry.path)).toEqual([invoices])
  })

  it('answers 400 naming the filter for an unknown one', async () => {
    const app = await buildTestApp()

    const res = await app.inject({ url: '/__admin/requests', query: { verb: 'GET' } })

    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ error: 'bad_request' })
    expect(res.json().message).toMatch(/verb/)
  })
})
