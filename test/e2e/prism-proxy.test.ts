/**
 * docs/drift-watch.md's "Validating your traffic with a third-party proxy" recipe, run for real: Stoplight Prism's
 * validating proxy (`prism proxy`, @stoplight/prism-cli 5.14) in front of each API, with the mock as its
 * upstream, sent README's "Try it" requests (successes and documented errors). Prism checks each request and
 * each answer against the API's own document and reports any disagreement in an `sl-violations` header:
 * there must be none. Each document's servers entry is relative (`/masstack`), so the upstream is the mock's
 * URL with the prefix and the paths sent to Prism are the documented, unprefixed ones.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app.js'
import { PACKAGE_ROOT } from '../../src/config.js'

const OWN = '11111111-1111-4111-8111-111111111111'
const DOCUMENTS = ['oauth', 'hn-billing', 'bo-billing', 'masstack', 'billingdata', 'invoice-files'] as const
type Document = typeof DOCUMENTS[number]

interface ReadmeRequest {
  name: string
  api: Document
  method: 'GET' | 'POST'
  path: string
  headers?: Record<string, string>
  body?: string
  status: number
}

/** README's "Try it" requests, as a consumer sends them to the proxy (`{token}`: a fresh access token). */
const REQUESTS: ReadmeRequest[] = [
  { name: 'a token with HTTP Basic', api: 'oauth', method: 'POST', path: '/oauth/client_credential/accesstoken?grant_type=client_credentials', headers: { authorization: `Basic ${Buffer.from('qa-client:qa-secret').toString('base64')}` }, status: 200 },
  { name: 'a token with form fields', api: 'oauth', method: 'POST', path: '/oauth/client_credential/accesstoken?grant_type=client_credentials', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'client_id=qa-client&client_secret=qa-secret', status: 200 },
  { name: 'a wrong secret', api: 'oauth', method: 'POST', path: '/oauth/client_credential/accesstoken?grant_type=client_credentials', headers: { authorization: `Basic ${Buffer.from('qa-client:wrong').toString('base64')}` }, status: 401 },
  { name: 'the SUMMARY PDF of invoice 000-001-01-00012345', api: 'hn-billing', method: 'POST', path: '/customers/50499990001/invoices?invoiceNumber=000-001-01-00012345&invoiceDate=2026-10-01&type=SUMMARY&typeResult=PDF', headers: { authorization: 'Bearer {token}' }, status: 200 },
  { name: 'bills of contract 80000001, page 1 of 5', api: 'bo-billing', method: 'GET', path: '/customers/CLIENT_NUMBER/70000001/bills?contractNumber=80000001&pageInit=1&quantity=5', headers: { authorization: 'Bearer {token}' }, status: 200 },
  { name: 'Prefer: code=404 on bo-billing', api: 'bo-billing', method: 'GET', path: '/customers/CLIENT_NUMBER/70000001/bills?contractNumber=80000001', headers: { authorization: 'Bearer {token}', prefer: 'code=404' }, status: 404 },
  { name: 'invoices of account 214748364 in 2025', api: 'masstack', method: 'GET', path: '/v2/orgs/telco/accounts/214748364/invoices?start_date=2025-01-01&end_date=2025-12-31', headers: { 'x-auth-roles': 'API_KEY' }, status: 200 },
  { name: 'an unknown masstack account', api: 'masstack', method: 'GET', path: '/v2/orgs/telco/accounts/999/invoices', headers: { 'x-auth-roles': 'API_KEY' }, status: 404 },
  { name: 'every invoice of the token\'s reseller', api: 'billingdata', method: 'GET', path: '/api/v1.0/billingdata', headers: { authorization: 'Bearer {token}' }, status: 200 },
  { name: 'every invoice file of customer 1111… (a ZIP)', api: 'invoice-files', method: 'POST', path: `/api/v2/customer/${OWN}/download-invoices`, headers: { authorization: 'Bearer {token}', 'content-type': 'application/json' }, body: '{}', status: 200 },
  { name: 'X-Mock-Scenario: CUSTOMER_1006', api: 'invoice-files', method: 'POST', path: `/api/v2/customer/${OWN}/download-invoices`, headers: { authorization: 'Bearer {token}', 'content-type': 'application/json', 'x-mock-scenario': 'CUSTOMER_1006' }, body: '{}', status: 500 },
  { name: 'an invoice ID that is not the customer\'s', api: 'invoice-files', method: 'POST', path: `/api/v2/customer/${OWN}/download-invoices`, headers: { authorization: 'Bearer {token}', 'content-type': 'application/json' }, body: '{"id":["aaaaaaaa-0000-4000-8000-000000000004"]}', status: 400 }
]

let mock: FastifyInstance
let mockUrl: string
let token: string
let dir: string
const proxies = new Map<Document, { url: string, child: ChildProcess }>()

async function freePort (): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => { resolve(typeof address === 'object' && address !== null ? address.port : 0) })
    })
  })
}

/** `prism proxy <document> <upstream>` on a free port, once it says it listens. */
async function startPrism (document: string, upstream: string): Promise<{ url: string, child: ChildProcess }> {
  const port = await freePort()
  const child = spawn(join(PACKAGE_ROOT, 'node_modules', '.bin', 'prism'), ['proxy', document, upstream, '--host', '127.0.0.1', '--port', String(port), '--errors', 'false'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => { reject(new Error(`prism proxy did not start within 60 s:\n${output}`)) }, 60_000)
    const read = (chunk: Buffer): void => {
      output += chunk.toString()
      if (output.includes('Prism is listening')) { clearTimeout(timer); resolve() }
    }
    child.stdout.on('data', read)
    child.stderr.on('data', read)
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`prism proxy exited with ${String(code)}:\n${output}`)) })
  })
  return { url: `http://127.0.0.1:${port}`, child }
}

beforeAll(async () => {
  mock = await buildApp({ logLevel: 'silent' })
  mockUrl = await mock.listen({ host: '127.0.0.1', port: 0 })
  dir = mkdtempSync(join(tmpdir(), 'billing-mocks-prism-'))
  const tokenAnswer = await mock.inject({ method: 'POST', url: '/oauth/client_credential/accesstoken?grant_type=client_credentials', headers: { authorization: `Basic ${Buffer.from('qa-client:qa-secret').toString('base64')}` } })
  token = tokenAnswer.json<{ access_token: string }>().access_token
  await Promise.all(DOCUMENTS.map(async (name) => {
    // The document as served (the committed mocks/<id>/openapi.json is the same, checked by test/openapi.test.ts).
    const file = join(dir, `${name}.json`)
    writeFileSync(file, (await mock.inject({ url: `/${name}/openapi.json` })).body)
    // The recipe: the upstream is the mock's URL with the API's prefix (the token endpoint has none).
    proxies.set(name, await startPrism(file, name === 'oauth' ? mockUrl : `${mockUrl}/${name}`))
  }))
}, 120_000)

afterAll(async () => {
  for (const { child } of proxies.values()) child.kill('SIGKILL')
  rmSync(dir, { recursive: true, force: true })
  await mock.close()
})

describe('README\'s requests through Prism\'s validating proxy (prism proxy, @stoplight/prism-cli 5.14)', () => {
  it.each(REQUESTS.map((request) => [`${request.api}: ${request.name}`, request] as const))('%s: answered as documented, no sl-violations', async (_name, request) => {
    const proxy = proxies.get(request.api)
    const headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([name, value]) => [name, value.replace('{token}', token)]))

    const res = await fetch(`${proxy?.url ?? ''}${request.path}`, { method: request.method, headers, body: request.body })
    await res.arrayBuffer()

    expect(res.status).toBe(request.status)
    expect(res.headers.get('sl-violations')).toBeNull()
  })
})
