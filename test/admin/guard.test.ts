import { describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app.js'
import { resolveConfig } from '../../src/config.js'
import { buildTestApp } from '../helpers/build-app.js'
import { expectDocumented } from '../helpers/openapi.js'

const ADMIN_TOKEN = 'sekret-admin-1'
const invoices = '/masstack/v2/orgs/telco/accounts/214748364/invoices'

describe('GET /__admin/* with admin: false', () => {
  it.each(['/__admin/requests', '/__admin/scenarios', '/__admin/openapi.json'])('answers 404 at %s', async (url) => {
    const app = await buildTestApp({ admin: false })

    const res = await app.inject({ url })

    expect(res.statusCode).toBe(404)
    expect(res.json().error).toBe('not_found')
  })

  it('answers 404 to POST /__admin/reset', async () => {
    const app = await buildTestApp({ admin: false })

    const res = await app.inject({ method: 'POST', url: '/__admin/reset' })

    expect(res.statusCode).toBe(404)
  })

  it('leaves the admin document out of the /docs list, and the APIs in', async () => {
    const app = await buildTestApp({ admin: false })

    const res = await app.inject({ url: '/docs/static/swagger-initializer.js' })

    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('"url":"/masstack/openapi.json"')
    expect(res.body).not.toContain('/__admin')
  })

  it('still serves the APIs', async () => {
    const app = await buildTestApp({ admin: false })

    const res = await app.inject({ url: invoices, headers: { 'x-auth-roles': 'API_KEY' } })

    expect(res.statusCode).toBe(200)
  })
})

describe('GET /docs with admin on', () => {
  it('lists the admin document', async () => {
    const app = await buildTestApp()

    const res = await app.inject({ url: '/docs/static/swagger-initializer.js' })

    expect(res.body).toContain('"url":"/__admin/openapi.json"')
  })
})

describe('GET /__admin/* with adminToken', () => {
  it.each([
    ['no token', {}],
    ['a wrong bearer token', { authorization: 'Bearer sekret-admin-2' }],
    ['a wrong X-Admin-Token', { 'x-admin-token': 'sekret-admin' }],
    ['the token as Basic credentials', { authorization: `Basic ${ADMIN_TOKEN}` }]
  ])('answers 401 unauthorized naming both headers for %s', async (_case, headers) => {
    const app = await buildTestApp({ adminToken: ADMIN_TOKEN })

    const res = await app.inject({ url: '/__admin/requests', headers })

    expect(res.statusCode).toBe(401)
    await expectDocumented(app, '__admin', res)
    expect(res.json().error).toBe('unauthorized')
    expect(res.json().message).toContain('Authorization: Bearer <token>')
    expect(res.json().message).toContain('X-Admin-Token: <token>')
  })

  it.each([
    ['Authorization: Bearer', { authorization: `Bearer ${ADMIN_TOKEN}` }],
    ['X-Admin-Token', { 'x-admin-token': ADMIN_TOKEN }]
  ])('answers 200 with the token as %s', async (_case, headers) => {
    const app = await buildTestApp({ adminToken: ADMIN_TOKEN })

    const res = await app.inject({ url: '/__admin/requests', headers })

    expect(res.statusCode).toBe(200)
  })

  it('refuses a write without the token and does it with the token', async () => {
    const app = await buildTestApp({ adminToken: ADMIN_TOKEN })
    await app.inject({ url: invoices, headers: { 'x-auth-roles': 'API_KEY' } })

    const refused = await app.inject({ method: 'DELETE', url: '/__admin/requests' })
    const countAfterRefusal = (await app.inject({ url: '/__admin/requests/count', headers: { 'x-admin-token': ADMIN_TOKEN } })).json().count
    const done = await app.inject({ method: 'DELETE', url: '/__admin/requests', headers: { 'x-admin-token': ADMIN_TOKEN } })

    expect(refused.statusCode).toBe(401)
    expect(countAfterRefusal).toBe(1)
    expect(done.statusCode).toBe(204)
  })

  it('masks the X-Admin-Token header in the journal of API requests', async () => {
    const app = await buildTestApp({ adminToken: ADMIN_TOKEN })
    await app.inject({ url: invoices, headers: { 'x-auth-roles': 'API_KEY', 'x-admin-token': ADMIN_TOKEN } })

    const res = await app.inject({ url: '/__admin/requests', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })

    expect(res.json().requests[0].headers['x-admin-token']).toBe('[masked]')
    expect(res.body).not.toContain(ADMIN_TOKEN)
  })

  it('serves the admin OpenAPI document without the token, for /docs, with the bearer scheme', async () => {
    const app = await buildTestApp({ adminToken: ADMIN_TOKEN })

    const res = await app.inject({ url: '/__admin/openapi.json' })

    expect(res.statusCode).toBe(200)
    expect(res.json().components.securitySchemes.adminToken).toMatchObject({ type: 'http', scheme: 'bearer' })
    expect(res.json().security).toEqual([{ adminToken: [] }])
  })
})

describe('resolveConfig on a host beyond loopback', () => {
  it('refuses the admin API without a token, naming --admin-token and --no-admin', () => {
    expect(() => resolveConfig({ host: '0.0.0.0' })).toThrow(/Refusing to start: listening on 0\.0\.0\.0.*--admin-token.*--no-admin/)
  })

  it('makes buildApp reject with the same message', async () => {
    await expect(buildApp({ logLevel: 'silent', host: '0.0.0.0' })).rejects.toThrow(/--admin-token.*--no-admin/)
  })

  it.each([
    ['an admin token', { adminToken: ADMIN_TOKEN }],
    ['the admin API off', { admin: false }]
  ])('builds with %s', async (_case, overrides) => {
    const app = await buildTestApp({ host: '0.0.0.0', ...overrides })

    const res = await app.inject({ url: '/health' })

    expect(res.statusCode).toBe(200)
  })

  it.each(['127.0.0.1', 'localhost', '::1'])('builds without a token on %s', async (host) => {
    expect(resolveConfig({ host }).admin).toBe(true)
  })
})

describe('the Host rule of /__admin (DNS rebinding)', () => {
  it('refuses a reset sent under a rebound name with Origin and Host agreeing, and keeps the journal', async () => {
    const app = await buildTestApp()
    await app.inject({ url: invoices, headers: { 'x-auth-roles': 'API_KEY' } })

    const res = await app.inject({ method: 'POST', url: '/__admin/reset', headers: { host: 'evil.example:4010', origin: 'http://evil.example:4010' } })

    expect(res.statusCode).toBe(403)
    await expectDocumented(app, '__admin', res)
    expect(res.json()).toMatchObject({ error: 'forbidden_host', message: expect.stringContaining('--allowed-hosts evil.example') })
    expect((await app.inject({ url: '/__admin/requests/count' })).json().count).toBe(1)
  })

  it('refuses reading the journal under a rebound name', async () => {
    const app = await buildTestApp()

    const res = await app.inject({ url: '/__admin/requests', headers: { host: 'evil.example' } })

    expect(res.statusCode).toBe(403)
  })

  it.each(['localhost:4010', 'app.localhost', '127.0.0.1:4010', '[::1]:4010', '192.168.1.20:4010', 'LOCALHOST.'])('answers under %s', async (host) => {
    const app = await buildTestApp()

    const res = await app.inject({ url: '/__admin/requests', headers: { host } })

    expect(res.statusCode).toBe(200)
  })

  it('answers a compose service name once it is in --allowed-hosts, and a domain given with a leading dot', async () => {
    const app = await buildTestApp({ allowedHosts: ['billing-mocks', '.mocks.internal'] })

    const service = await app.inject({ url: '/__admin/requests', headers: { host: 'billing-mocks:4010' } })
    const sub = await app.inject({ url: '/__admin/requests', headers: { host: 'qa.mocks.internal' } })
    const other = await app.inject({ url: '/__admin/requests', headers: { host: 'billing-mocks.evil.example' } })

    expect([service.statusCode, sub.statusCode, other.statusCode]).toEqual([200, 200, 403])
  })

  it('answers any Host with --allowed-hosts all', async () => {
    const app = await buildTestApp({ allowedHosts: ['all'] })

    const res = await app.inject({ url: '/__admin/requests', headers: { host: 'evil.example' } })

    expect(res.statusCode).toBe(200)
  })

  it('answers the name given as --host', async () => {
    const app = await buildTestApp({ host: 'mock.test', adminToken: ADMIN_TOKEN })

    const res = await app.inject({ url: '/__admin/requests', headers: { host: 'mock.test:4010', 'x-admin-token': ADMIN_TOKEN } })

    expect(res.statusCode).toBe(200)
  })

  it('leaves the APIs answering under any name (their data is generated, and other containers call them by name)', async () => {
    const app = await buildTestApp()

    const res = await app.inject({ url: invoices, headers: { 'x-auth-roles': 'API_KEY', host: 'billing-mocks:4010' } })

    expect(res.statusCode).toBe(200)
  })
})
