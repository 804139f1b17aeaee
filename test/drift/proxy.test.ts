import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it, onTestFinished } from 'vitest'
import { buildProxy, violationsHeader, type ProxyInstance, type ProxyOptions } from '../../src/drift/proxy.js'
import { formatSummary } from '../../src/drift/summary.js'
import type { Violation } from '../../src/drift/validate.js'
import { QA_CLIENT, basicAuth } from '../helpers/build-app.js'
import { standInProvider, type DriftRules } from '../helpers/stand-in-provider.js'

const invoices = '/masstack/v2/orgs/telco/accounts/214748364/invoices'
const roles = { 'x-auth-roles': 'API_KEY' }
const bills = '/bo-billing/customers/CLIENT_NUMBER/70000001/bills?contractNumber=80000001'
const hnInvoice = '/hn-billing/customers/50499990001/invoices?invoiceNumber=000-001-01-00012345&invoiceDate=2026-10-01&type=SUMMARY&typeResult=PDF'

interface Entry { method: string, path: string, api: string | null, route: string | null, status: number, headers: Record<string, string>, violations?: Violation[], responseBody?: string }

/** The stand-in provider with these drifts, and the proxy in front of it on a real port. */
async function proxyFor (rules: DriftRules, options: Partial<ProxyOptions> = {}): Promise<{ proxy: ProxyInstance, proxyUrl: string, providerUrl: string, provider: Awaited<ReturnType<typeof standInProvider>>['app'] }> {
  const { app: provider, baseUrl: providerUrl } = await standInProvider(rules)
  const apis = ['masstack', 'bo-billing', 'hn-billing', 'billingdata', 'invoice-files']
  const proxy = await buildProxy({ targets: apis.map((api) => ({ api, target: `${providerUrl}/${api}` })), logLevel: 'silent', ...options })
  onTestFinished(async () => { await proxy.close() })
  const proxyUrl = await proxy.listen({ host: '127.0.0.1', port: 0 })
  return { proxy, proxyUrl, providerUrl, provider }
}

async function bytes (res: Response): Promise<Buffer> {
  return Buffer.from(await res.arrayBuffer())
}

function reported (res: Response): Violation[] {
  return JSON.parse(res.headers.get('sl-violations') ?? '[]') as Violation[]
}

async function journal (proxyUrl: string): Promise<Entry[]> {
  const res = await fetch(`${proxyUrl}/__admin/requests`)
  expect(res.status).toBe(200)
  return (await res.json() as { requests: Entry[] }).requests
}

async function qaToken (providerUrl: string): Promise<string> {
  const res = await fetch(`${providerUrl}/oauth/client_credential/accesstoken?grant_type=client_credentials`, { method: 'POST', headers: { authorization: basicAuth(QA_CLIENT.id, QA_CLIENT.secret) } })
  return (await res.json() as { access_token: string }).access_token
}

describe('billing-mocks proxy: drift in sl-violations and the journal', () => {
  it('passes a documented answer on byte for byte, without sl-violations', async () => {
    const { proxyUrl, providerUrl } = await proxyFor({})

    const direct = await fetch(`${providerUrl}${invoices}?start_date=2026-01-01`, { headers: roles })
    const proxied = await fetch(`${proxyUrl}${invoices}?start_date=2026-01-01`, { headers: roles })

    expect(proxied.status).toBe(200)
    expect((await bytes(proxied)).equals(await bytes(direct))).toBe(true)
    expect(proxied.headers.get('content-type')).toBe(direct.headers.get('content-type'))
    expect(proxied.headers.has('sl-violations')).toBe(false)
    const [entry] = await journal(proxyUrl)
    expect(entry).toMatchObject({ method: 'GET', path: invoices, api: 'masstack', route: 'GET /v2/orgs/{orgId}/accounts/{accountId}/invoices', status: 200 })
    expect(entry?.violations).toBeUndefined()
  })

  it('reports an extra field as unknown-field and leaves the answer unaltered', async () => {
    const { proxyUrl, providerUrl } = await proxyFor({ '/masstack/': [{ kind: 'extra-field', field: 'currency', value: 'EUR' }] })

    const direct = await fetch(`${providerUrl}${invoices}`, { headers: roles })
    const proxied = await fetch(`${proxyUrl}${invoices}`, { headers: roles })

    expect(proxied.status).toBe(200)
    expect((await bytes(proxied)).equals(await bytes(direct))).toBe(true)
    expect(reported(proxied)).toEqual([{ kind: 'unknown-field', path: '/currency', message: 'field /currency is not in the document', actual: 'string' }])
    const [entry] = await journal(proxyUrl)
    expect(entry?.violations).toEqual(reported(proxied))
  })

  it('reports a renamed field as renamed-field', async () => {
    const { proxyUrl } = await proxyFor({ '/masstack/': [{ kind: 'rename-field', from: 'account_id', to: 'accountId' }] })

    const proxied = await fetch(`${proxyUrl}${invoices}`, { headers: roles })

    expect(proxied.status).toBe(200)
    expect(reported(proxied)).toEqual([expect.objectContaining({ kind: 'renamed-field', path: '/account_id', expected: 'account_id', actual: 'accountId' })])
    expect((await journal(proxyUrl))[0]?.violations).toEqual(reported(proxied))
  })

  it('reports a changed type as type', async () => {
    const { proxyUrl } = await proxyFor({ '/masstack/': [{ kind: 'retype-field', field: 'account_id', value: '214748364' }] })

    const proxied = await fetch(`${proxyUrl}${invoices}`, { headers: roles })

    expect(reported(proxied)).toEqual([expect.objectContaining({ kind: 'type', path: '/account_id', expected: 'integer', actual: 'string' })])
    expect((await journal(proxyUrl))[0]?.violations).toEqual(reported(proxied))
  })

  it('reports an undocumented status as status, and passes that status on', async () => {
    const { proxyUrl } = await proxyFor({ '/masstack/': [{ kind: 'status', status: 202 }] })

    const proxied = await fetch(`${proxyUrl}${invoices}`, { headers: roles })

    expect(proxied.status).toBe(202)
    expect(reported(proxied)).toEqual([expect.objectContaining({ kind: 'status', path: 'status', actual: '202', expected: '200, 400, 404, 405, 414, 431' })])
    expect((await journal(proxyUrl))[0]).toMatchObject({ status: 202, violations: reported(proxied) })
  })

  it('reports a binary file instead of base64 in JSON as content-type and not-json, passing the PDF on', async () => {
    const { proxyUrl, providerUrl } = await proxyFor({ '/hn-billing/': [{ kind: 'binary-file', field: 'invoice' }] })
    const authorization = `Bearer ${await qaToken(providerUrl)}`

    const direct = await fetch(`${providerUrl}${hnInvoice}`, { method: 'POST', headers: { authorization } })
    const proxied = await fetch(`${proxyUrl}${hnInvoice}`, { method: 'POST', headers: { authorization } })

    const body = await bytes(proxied)
    expect(proxied.status).toBe(200)
    expect(proxied.headers.get('content-type')).toBe('application/pdf')
    expect(body.subarray(0, 5).toString()).toBe('%PDF-')
    expect(body.equals(await bytes(direct))).toBe(true)
    expect(reported(proxied).map((violation) => violation.kind)).toEqual(['content-type', 'not-json'])
    expect(reported(proxied)[0]).toMatchObject({ expected: 'application/json', actual: 'application/pdf' })
    const [entry] = await journal(proxyUrl)
    expect(entry).toMatchObject({ api: 'hn-billing', route: 'POST /customers/{msisdn}/invoices', headers: { authorization: 'Bearer [masked]' } })
    expect(entry?.violations).toEqual(reported(proxied))
  })

  it('passes an answer without a content type on without one, and reports it', async () => {
    const server = createServer((_req, res) => { res.writeHead(200).end('plain bytes') })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    onTestFinished(async () => { await new Promise((resolve) => server.close(resolve)) })
    const address = server.address() as AddressInfo
    const proxy = await buildProxy({ targets: [{ api: 'masstack', target: `http://127.0.0.1:${address.port}/masstack` }], logLevel: 'silent' })
    onTestFinished(async () => { await proxy.close() })

    const res = await proxy.inject({ url: invoices, headers: roles })

    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBeUndefined()
    expect(res.body).toBe('plain bytes')
    expect(JSON.parse(String(res.headers['sl-violations'])).map((violation: Violation) => violation.kind)).toEqual(['content-type', 'not-json'])
  })

  it('keeps sl-violations under 8 KB and says how many were left out', () => {
    const many: Violation[] = Array.from({ length: 500 }, (_unused, index) => ({ kind: 'unknown-field', path: `/invoices/${index}/extra`, message: `field /invoices/${index}/extra is not in the document — ñ`, actual: 'string' }))

    const header = violationsHeader(many)

    expect(header.length).toBeLessThanOrEqual(8 * 1024)
    expect(header).toMatch(/^[\x20-\x7e]+$/)
    const parsed = JSON.parse(header) as Array<Violation | { truncated: number }>
    expect(parsed.at(-1)).toMatchObject({ truncated: 500 - (parsed.length - 1) })
    expect((parsed[0] as Violation).message).toContain('— ñ')
  })
})

describe('billing-mocks proxy --errors', () => {
  it('turns a drifted answer into a 502 carrying the report', async () => {
    const { proxyUrl } = await proxyFor({ '/masstack/': [{ kind: 'extra-field', field: 'currency', value: 'EUR' }] }, { errors: true })

    const res = await fetch(`${proxyUrl}${invoices}`, { headers: roles })

    expect(res.status).toBe(502)
    const body = await res.json() as { error: string, message: string, violations: Violation[], status: number }
    expect(body).toMatchObject({ error: 'drift', status: 200, violations: [{ kind: 'unknown-field', path: '/currency' }] })
    expect(body.message).toContain('mocks/masstack/openapi.json')
    expect(reported(res)).toEqual(body.violations)
    expect((await journal(proxyUrl))[0]).toMatchObject({ status: 502, violations: body.violations })
  })

  it('passes an answer that keeps to the document on untouched', async () => {
    const { proxyUrl } = await proxyFor({}, { errors: true })

    const res = await fetch(`${proxyUrl}${invoices}`, { headers: roles })

    expect(res.status).toBe(200)
    expect(res.headers.has('sl-violations')).toBe(false)
  })
})

describe('billing-mocks proxy credentials', () => {
  it('gets a token with --client-id/--client-secret from <target origin>/oauth/… and sends it', async () => {
    const { proxyUrl, provider } = await proxyFor({}, { clientId: QA_CLIENT.id, clientSecret: QA_CLIENT.secret })

    const res = await fetch(`${proxyUrl}${bills}`)

    expect(res.status).toBe(200)
    expect(res.headers.has('sl-violations')).toBe(false)
    const seen = (await provider.inject({ url: '/__admin/requests' })).json<{ requests: Entry[] }>().requests
    expect(seen.map((entry) => `${entry.api ?? ''} ${entry.status}`)).toEqual(['bo-billing 200', 'oauth 200'])
    expect(seen[0]?.headers.authorization).toBe('Bearer [masked]')
  })

  it('reuses the token, and sends none to an API that takes none', async () => {
    const { proxyUrl, provider } = await proxyFor({}, { clientId: QA_CLIENT.id, clientSecret: QA_CLIENT.secret })

    await fetch(`${proxyUrl}${bills}`)
    await fetch(`${proxyUrl}${bills}`)
    await fetch(`${proxyUrl}${invoices}`, { headers: roles })

    const seen = (await provider.inject({ url: '/__admin/requests' })).json<{ requests: Entry[] }>().requests
    expect(seen.filter((entry) => entry.api === 'oauth')).toHaveLength(1)
    expect(seen[0]).toMatchObject({ api: 'masstack', status: 200 })
    expect(seen[0]?.headers.authorization).toBeUndefined()
  })

  it('answers 502 "token" naming the token URL when the provider refuses the credentials', async () => {
    const { proxyUrl, providerUrl } = await proxyFor({}, { clientId: QA_CLIENT.id, clientSecret: 'wrong' })

    const res = await fetch(`${proxyUrl}${bills}`)

    expect(res.status).toBe(502)
    const body = await res.json() as { error: string, message: string }
    expect(body.error).toBe('token')
    expect(body.message).toContain(`${providerUrl}/oauth/client_credential/accesstoken`)
    expect(body.message).toContain('--client-secret')
  })

  it('passes the application\'s own credentials through without them', async () => {
    const { proxyUrl, providerUrl } = await proxyFor({})

    const anonymous = await fetch(`${proxyUrl}${bills}`)
    const authorised = await fetch(`${proxyUrl}${bills}`, { headers: { authorization: `Bearer ${await qaToken(providerUrl)}` } })

    expect(anonymous.status).toBe(401)
    expect(anonymous.headers.has('sl-violations')).toBe(false)
    expect(authorised.status).toBe(200)
  })

  it('answers 502 "unreachable" naming the target when the provider is down', async () => {
    const proxy = await buildProxy({ targets: [{ api: 'masstack', target: 'http://127.0.0.1:9/masstack' }], logLevel: 'silent' })
    onTestFinished(async () => { await proxy.close() })

    const res = await proxy.inject({ url: invoices, headers: roles })

    expect(res.statusCode).toBe(502)
    expect(res.json()).toMatchObject({ error: 'unreachable', message: expect.stringContaining('http://127.0.0.1:9/masstack') })
    expect(proxy.drift.summary().failed).toBe(1)
  })
})

describe('billing-mocks proxy summary', () => {
  it('lists each operation with its answers, statuses and violations, as a table and as JSON', async () => {
    const { proxy, proxyUrl } = await proxyFor({ '/masstack/': [{ kind: 'extra-field', field: 'currency', value: 'EUR' }] })

    await fetch(`${proxyUrl}${invoices}`, { headers: roles })
    await fetch(`${proxyUrl}${invoices}?start_date=2026-01-01`, { headers: roles })
    await fetch(`${proxyUrl}${invoices}?start_date=bad`, { headers: roles })
    await fetch(`${proxyUrl}${bills}`)
    const summary = proxy.drift.summary()
    const table = formatSummary(summary)

    expect(summary).toMatchObject({ requests: 4, drifted: 2, failed: 0 })
    expect(summary.operations).toEqual([
      { api: 'bo-billing', operation: 'GET /customers/{idType}/{id}/bills', requests: 1, drifted: 0, statuses: { 401: 1 }, violations: [] },
      {
        api: 'masstack',
        operation: 'GET /v2/orgs/{orgId}/accounts/{accountId}/invoices',
        requests: 3,
        drifted: 2,
        statuses: { 200: 2, 400: 1 },
        violations: [{ kind: 'unknown-field', path: '/currency', message: 'field /currency is not in the document', actual: 'string', count: 2 }]
      }
    ])
    const lines = table.split('\n')
    const row = lines.findIndex((line) => line.startsWith('masstack'))
    expect(lines[0]).toContain('4 answers, 2 drifted')
    expect(lines[row]).toMatch(/^masstack\s+GET \/v2\/orgs\/\{orgId\}\/accounts\/\{accountId\}\/invoices\s+3\s+2\s+200×2 400×1$/)
    expect(lines[row + 1]).toBe('  unknown-field  /currency  field /currency is not in the document (2×)')
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary)
  })
})
