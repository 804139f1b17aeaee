/**
 * Each limit of src/engine/limits.ts (and the APIs' own: invoice IDs per download, page sizes) answers its
 * documented status in the error body of the API the path names, is written in that API's OpenAPI document,
 * and leaves the server serving.
 */
import type { FastifyInstance } from 'fastify'
import { describe, expect, it } from 'vitest'
import { TOKEN_PATH } from '../../src/auth/token-endpoint.js'
import { LIMITS } from '../../src/engine/limits.js'
import { bearerHeader, buildTestApp } from '../helpers/build-app.js'
import { listenTestApp, rawExchange } from '../helpers/listen.js'
import { expectDocumented } from '../helpers/openapi.js'

const OWN = '11111111-1111-4111-8111-111111111111'
const DOWNLOAD = `/invoice-files/api/v2/customer/${OWN}/download-invoices`
const INVOICE = (n: number): string => `aaaaaaaa-0000-4000-8000-00000000000${n}`

/** One documented request per API, and what its error body looks like. */
const APIS = [
  { api: 'hn-billing', method: 'POST', path: '/hn-billing/customers/50499990001/invoices?invoiceNumber=000-001-01-00012345&invoiceDate=2026-10-01&type=SUMMARY&typeResult=PDF', bearer: true, status: (body: any) => body.error.code },
  { api: 'bo-billing', method: 'GET', path: '/bo-billing/customers/CLIENT_NUMBER/70000001/bills?contractNumber=80000001', bearer: true, status: (body: any) => body.error.code },
  { api: 'masstack', method: 'GET', path: '/masstack/v2/orgs/telco/accounts/214748364/invoices', bearer: false, status: (body: any) => String(body.code) },
  { api: 'billingdata', method: 'GET', path: '/billingdata/api/v1.0/billingdata', bearer: true, status: (body: any) => body.status === 'error' ? 'error' : 'not billingdata\'s' },
  { api: 'invoice-files', method: 'POST', path: DOWNLOAD, bearer: true, status: (body: any) => body.errorCode }
] as const

/** What each API's body says for a status (its own field: errorBody's code, ErrorMessage's code, invoice-files' errorCode). */
const SAYS: Record<string, Record<number, string>> = {
  'hn-billing': { 413: '413', 414: '414', 431: '431' },
  'bo-billing': { 414: '414', 431: '431' },
  masstack: { 414: '414', 431: '431' },
  billingdata: { 414: 'error', 431: 'error' },
  'invoice-files': { 413: 'GLOBAL_1011', 414: 'GLOBAL_1012', 431: 'GLOBAL_1013' }
}

async function headersFor (app: FastifyInstance, bearer: boolean): Promise<Record<string, string>> {
  return { 'x-auth-roles': 'API_KEY', ...(bearer ? await bearerHeader(app) : {}) }
}

describe('request body limit', () => {
  it(`answers 413 in the API's error body past ${LIMITS.bodyBytes} bytes`, async () => {
    const app = await buildTestApp()
    const headers = { ...(await bearerHeader(app)), 'content-type': 'application/json' }
    const payload = JSON.stringify({ id: [INVOICE(1)], note: 'x'.repeat(LIMITS.bodyBytes) })

    const files = await app.inject({ method: 'POST', url: DOWNLOAD, headers, payload })
    const hn = await app.inject({ method: 'POST', url: APIS[0].path, headers, payload })

    expect(files.statusCode).toBe(413)
    expect(files.json()).toEqual({ errorCode: 'GLOBAL_1011', errorMessage: 'Request body too large', content: '', pageable: null })
    expect(files.headers['x-mock-detail']).toMatch(/64 KiB/)
    expect(hn.statusCode).toBe(413)
    expect(hn.json().error).toMatchObject({ code: '413', message: 'Payload Too Large' })
    await expectDocumented(app, 'invoice-files', files)
    await expectDocumented(app, 'hn-billing', hn)
  })

  it('reads a body of exactly the limit', async () => {
    const app = await buildTestApp()
    const body = JSON.stringify({ id: [INVOICE(2)] })
    const payload = body + ' '.repeat(LIMITS.bodyBytes - Buffer.byteLength(body))

    const res = await app.inject({ method: 'POST', url: DOWNLOAD, headers: { ...(await bearerHeader(app)), 'content-type': 'application/json' }, payload })

    expect(res.statusCode).toBe(200)
  })

  it('answers 413 in the token endpoint\'s and the admin API\'s error bodies', async () => {
    const app = await buildTestApp()
    const big = `grant_type=client_credentials&client_id=qa-client&client_secret=${'x'.repeat(LIMITS.bodyBytes)}`

    const token = await app.inject({ method: 'POST', url: TOKEN_PATH, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: big })
    const admin = await app.inject({ method: 'POST', url: '/__admin/activations', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ scenario: 'x'.repeat(LIMITS.bodyBytes) }) })

    expect(token.statusCode).toBe(413)
    expect(token.json()).toMatchObject({ ErrorCode: 'invalid_request', error: 'invalid_request' })
    expect(admin.statusCode).toBe(413)
    expect(admin.json()).toMatchObject({ error: 'payload_too_large' })
    await expectDocumented(app, 'oauth', token)
    await expectDocumented(app, '__admin', admin)
  })
})

describe('URL length limit', () => {
  it.each(APIS)(`answers 414 in $api's error body past ${LIMITS.urlLength} characters`, async ({ api, method, path, bearer, status }) => {
    const app = await buildTestApp()
    const url = `${path}${path.includes('?') ? '&' : '?'}pad=`
    const long = url + 'x'.repeat(LIMITS.urlLength + 1 - url.length)

    const res = await app.inject({ method, url: long, headers: await headersFor(app, bearer) })

    expect(long).toHaveLength(LIMITS.urlLength + 1)
    expect(res.statusCode).toBe(414)
    expect(status(res.json())).toBe(SAYS[api]?.[414])
    await expectDocumented(app, api, res)
  })

  it('answers a URL of exactly the limit as usual', async () => {
    const app = await buildTestApp()
    const url = '/masstack/v2/orgs/telco/accounts/214748364/invoices?pad='

    const res = await app.inject({ url: url + 'x'.repeat(LIMITS.urlLength - url.length), headers: { 'x-auth-roles': 'API_KEY' } })

    expect(res.statusCode).toBe(200)
  })

  it(`answers 414 for a path parameter past ${LIMITS.paramLength} characters, in the API's error body`, async () => {
    const app = await buildTestApp()

    const res = await app.inject({ url: `/masstack/v2/orgs/${'o'.repeat(LIMITS.paramLength + 1)}/accounts/214748364/invoices`, headers: { 'x-auth-roles': 'API_KEY' } })

    expect(res.statusCode).toBe(414)
    expect(res.json()).toEqual({ code: 414, message: expect.stringMatching(/path parameter.*100 characters/) })
  })

  it('answers 414 in the token endpoint\'s and the admin API\'s error bodies', async () => {
    const app = await buildTestApp()
    const pad = 'x'.repeat(LIMITS.urlLength)

    const token = await app.inject({ method: 'POST', url: `${TOKEN_PATH}?grant_type=client_credentials&pad=${pad}` })
    const admin = await app.inject({ url: `/__admin/requests?path=${pad}` })

    expect(token.statusCode).toBe(414)
    expect(token.json()).toMatchObject({ error: 'invalid_request', error_description: expect.stringMatching(/8192/) })
    expect(admin.statusCode).toBe(414)
    expect(admin.json()).toMatchObject({ error: 'uri_too_long' })
    await expectDocumented(app, 'oauth', token)
    await expectDocumented(app, '__admin', admin)
  })
})

describe('header size limit (a real socket: Node\'s parser enforces it)', () => {
  it.each(APIS)(`answers 431 in $api's error body past ${LIMITS.headerBytes} bytes of headers, and keeps serving`, async ({ api, method, path, status }) => {
    const { baseUrl } = await listenTestApp()

    const res = await rawExchange(baseUrl, `${method} ${path} HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${'p'.repeat(LIMITS.headerBytes)}\r\n\r\n`)
    const after = await fetch(`${baseUrl}/health`)

    expect(res.status).toBe(431)
    expect(res.head).toMatch(/content-type: application\/json/i)
    expect(status(JSON.parse(res.body))).toBe(SAYS[api]?.[431])
    expect(after.status).toBe(200)
  })

  it('answers 431 in the token endpoint\'s body, and the server\'s own {error, message} elsewhere', async () => {
    const { baseUrl } = await listenTestApp()
    const padding = `X-Padding: ${'p'.repeat(LIMITS.headerBytes)}\r\n`

    const token = await rawExchange(baseUrl, `POST ${TOKEN_PATH}?grant_type=client_credentials HTTP/1.1\r\nHost: localhost\r\n${padding}\r\n`)
    const health = await rawExchange(baseUrl, `GET /health HTTP/1.1\r\nHost: localhost\r\n${padding}\r\n`)

    expect(token.status).toBe(431)
    expect(JSON.parse(token.body)).toMatchObject({ ErrorCode: 'invalid_request', error_description: expect.stringMatching(/16 KiB/) })
    expect(health.status).toBe(431)
    expect(JSON.parse(health.body)).toEqual({ error: 'headers_too_large', message: expect.stringMatching(/16 KiB/) })
  })

  it('answers headers just under the limit as usual', async () => {
    const { baseUrl } = await listenTestApp()

    const res = await fetch(`${baseUrl}/masstack/v2/orgs/telco/accounts/214748364/invoices`, { headers: { 'x-auth-roles': 'API_KEY', 'x-padding': 'p'.repeat(LIMITS.headerBytes - 1024) } })

    expect(res.status).toBe(200)
  })
})

describe('invoice IDs per download and page sizes', () => {
  it('answers 400 GLOBAL_1010 for 21 invoice IDs, and the files for 20', async () => {
    const app = await buildTestApp()
    const headers = await bearerHeader(app)

    const twenty = await app.inject({ method: 'POST', url: DOWNLOAD, headers, payload: { id: Array.from({ length: 20 }, (_, i) => INVOICE(1 + (i % 3))) } })
    const twentyOne = await app.inject({ method: 'POST', url: DOWNLOAD, headers, payload: { id: Array.from({ length: 21 }, (_, i) => INVOICE(1 + (i % 3))) } })

    expect(twenty.statusCode).toBe(200)
    expect(twentyOne.statusCode).toBe(400)
    expect(twentyOne.json().errorCode).toBe('GLOBAL_1010')
  })

  it.each([
    ['bo-billing', 'quantity', '/bo-billing/customers/CLIENT_NUMBER/70000001/bills?contractNumber=80000001&quantity=', (body: any) => body.error.description],
    ['billingdata', 'page_size', '/billingdata/api/v1.0/billingdata?page_size=', (body: any) => body.message]
  ])('%s pages at most 100 and answers 400 naming %s past it', async (api, name, url, message) => {
    const app = await buildTestApp()
    const headers = await bearerHeader(app)

    const hundred = await app.inject({ url: `${url}100`, headers })
    const more = await app.inject({ url: `${url}101`, headers })

    expect(hundred.statusCode).toBe(200)
    expect(more.statusCode).toBe(400)
    expect(message(more.json())).toContain(`"${name}" must be <= 100`)
    await expectDocumented(app, api, more)
  })
})

describe('the limits in the OpenAPI documents', () => {
  it.each([
    ['hn-billing', '/customers/{msisdn}/invoices', 'post', ['413', '414', '431']],
    ['bo-billing', '/customers/{idType}/{id}/bills', 'get', ['414', '431']],
    ['masstack', '/v2/orgs/{orgId}/accounts/{accountId}/invoices', 'get', ['414', '431']],
    ['billingdata', '/api/v1.0/billingdata', 'get', ['414', '431']],
    ['invoice-files', '/api/v2/customer/{id}/download-invoices', 'post', ['413', '414', '431']],
    ['oauth', TOKEN_PATH, 'post', ['405', '413', '414', '431']]
  ])('%s documents %s %s with each limit', async (api, path, method, statuses) => {
    const app = await buildTestApp()

    const doc = (await app.inject({ url: `/${api}/openapi.json` })).json()

    const responses = doc.paths[path][method].responses
    for (const status of statuses) expect(responses[status]?.description).toMatch(/limit|over|not allowed/)
    expect(responses['413']?.description ?? '').toMatch(statuses.includes('413') ? /64 KiB/ : /^$/)
  })
})

describe('a JSON body nested 20,000 levels deep', () => {
  it('is answered (hn-billing ignores bodies) and leaves the request journal readable', async () => {
    const app = await buildTestApp()
    const depth = 20_000

    const res = await app.inject({ method: 'POST', url: APIS[0].path, headers: { ...(await bearerHeader(app)), 'content-type': 'application/json' }, payload: '['.repeat(depth) + ']'.repeat(depth) })
    const journal = await app.inject({ url: '/__admin/requests' })

    expect(res.statusCode).toBe(200)
    expect(journal.statusCode).toBe(200)
    expect(journal.json().requests[0].body).toMatch(/nested too deeply/)
  })
})
