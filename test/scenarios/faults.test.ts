/**
 * Each wire fault as a real client meets it: Node's own fetch (undici) over a real socket, since `inject`
 * has no socket to reset and no body to cut. After each fault, the next ordinary request is answered.
 */
import { describe, expect, it } from 'vitest'
import { TOKEN_PATH } from '../../src/auth/token-endpoint.js'
import type { Outcome } from '../../src/engine/scenario-schema.js'
import { basicAuth, bearerHeader, QA_CLIENT } from '../helpers/build-app.js'
import { listenTestApp } from '../helpers/listen.js'

const INVOICES = '/masstack/v2/orgs/telco/accounts/214748364/invoices'
const MASSTACK_HEADERS = { 'x-auth-roles': 'API_KEY' }
const INVOICE_FILE = '/hn-billing/customers/50499990001/invoices?invoiceNumber=000-001-01-00012345&invoiceDate=2026-10-01&type=SUMMARY&typeResult=PDF'

/** What fetch rejects with: a TypeError whose cause is undici's (or the socket's) error. */
interface FetchFailure extends Error {
  cause?: { name?: string, code?: string, message?: string }
}

async function getInvoices (baseUrl: string, headers: Record<string, string> = {}): Promise<Response> {
  return await fetch(new URL(INVOICES, baseUrl), { headers: { ...MASSTACK_HEADERS, ...headers } })
}

/** Switches an inline outcome on through the admin API, as a test suite would. */
async function activate (baseUrl: string, body: { outcome: Outcome, api?: string, times?: number }): Promise<void> {
  const res = await fetch(new URL('/__admin/activations', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body)
  })
  if (res.status !== 201) throw new Error(`The admin API refused the activation: ${res.status} ${await res.text()}`)
}

/** The error a promise rejects with; fails the test when it resolves instead. */
async function failure (promise: Promise<unknown>): Promise<FetchFailure> {
  try {
    await promise
  } catch (err) {
    return err as FetchFailure
  }
  throw new Error('Expected the request to fail, but it succeeded: the fault did not reach the client.')
}

/** Reads a body chunk by chunk: how many bytes arrived, and the error that stopped it, if any. */
async function readBody (res: Response): Promise<{ received: number, error: FetchFailure | undefined }> {
  const reader = res.body?.getReader()
  if (reader === undefined) return { received: 0, error: undefined }
  let received = 0
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) received += chunk.value.byteLength
  } catch (err) {
    return { received, error: err as FetchFailure }
  }
  return { received, error: undefined }
}

/** The server still answers an ordinary request, on a new connection. */
async function expectStillServing (baseUrl: string): Promise<void> {
  const res = await getInvoices(baseUrl)
  expect(res.status).toBe(200)
  expect(await res.json()).toHaveProperty('account_id', 214748364)
}

describe('connection faults', () => {
  it('connection-reset: fetch rejects with ECONNRESET as the cause', async () => {
    const { baseUrl } = await listenTestApp()

    const err = await failure(getInvoices(baseUrl, { 'x-mock-scenario': 'connection-reset' }))

    expect(err.name).toBe('TypeError')
    expect(err.message).toBe('fetch failed')
    expect(err.cause?.code).toBe('ECONNRESET')
    await expectStillServing(baseUrl)
  })

  it('empty-reply: fetch rejects because the other side closed before any byte', async () => {
    const { baseUrl } = await listenTestApp()

    const err = await failure(getInvoices(baseUrl, { 'x-mock-scenario': 'empty-reply' }))

    expect(err.name).toBe('TypeError')
    expect(err.message).toBe('fetch failed')
    expect(err.cause?.code).toBe('UND_ERR_SOCKET')
    expect(err.cause?.message).toBe('other side closed')
    await expectStillServing(baseUrl)
  })
})

describe('body faults', () => {
  it('malformed-json: answers 200 application/json whose text arrives but does not parse', async () => {
    const { baseUrl } = await listenTestApp()

    const res = await getInvoices(baseUrl, { 'x-mock-scenario': 'malformed-json' })
    const copy = res.clone()

    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    await expect(res.json()).rejects.toThrow(SyntaxError)
    const text = await copy.text()
    expect(text).toMatch(/^\{"account_id":214748364,/)
    expect(() => JSON.parse(text)).toThrow(SyntaxError)
    await expectStillServing(baseUrl)
  })

  it('truncated: announces the whole Content-Length, sends about half, then reading the body rejects', async () => {
    const { baseUrl } = await listenTestApp()
    const whole = Buffer.from(await (await getInvoices(baseUrl)).arrayBuffer())

    const res = await getInvoices(baseUrl, { 'x-mock-scenario': 'truncated' })
    const { received, error } = await readBody(res)

    expect(res.status).toBe(200)
    expect(res.headers.get('content-length')).toBe(String(whole.length))
    expect(received).toBeGreaterThan(0)
    expect(received).toBeLessThan(whole.length)
    expect(error?.name).toBe('TypeError')
    expect(error?.message).toBe('terminated')
    expect(error?.cause?.code).toBe('UND_ERR_SOCKET')
    await expectStillServing(baseUrl)
  })

  it('truncated: res.text() rejects rather than handing over a partial body to parse', async () => {
    const { baseUrl } = await listenTestApp()

    const res = await getInvoices(baseUrl, { 'x-mock-scenario': 'truncated' })

    await expect(res.text()).rejects.toThrow('terminated')
    await expectStillServing(baseUrl)
  })

  it('trickle: the whole body arrives, byte for byte, no sooner than durationMs', async () => {
    const { baseUrl } = await listenTestApp()
    const normal = Buffer.from(await (await getInvoices(baseUrl)).arrayBuffer())
    const durationMs = 600
    await activate(baseUrl, { outcome: { fault: 'trickle', trickle: { durationMs, chunks: 4 } }, api: 'masstack', times: 1 })

    const started = performance.now()
    const res = await getInvoices(baseUrl)
    const body = Buffer.from(await res.arrayBuffer())
    const elapsed = performance.now() - started

    expect(res.status).toBe(200)
    expect(body.equals(normal)).toBe(true)
    expect(JSON.parse(body.toString('utf8'))).toHaveProperty('account_id', 214748364)
    // Timers may fire a hair early against performance.now(); a few ms of tolerance, and never an upper bound.
    expect(elapsed).toBeGreaterThanOrEqual(durationMs - 5)
    await expectStillServing(baseUrl)
  })
})

describe('latency', () => {
  it('fixed: the normal answer comes no sooner than the delay', async () => {
    const { baseUrl } = await listenTestApp()
    const normal = await (await getInvoices(baseUrl)).text()
    const delayMs = 300
    await activate(baseUrl, { outcome: { latency: { fixed: delayMs } }, api: 'masstack', times: 1 })

    const started = performance.now()
    const res = await getInvoices(baseUrl)
    const body = await res.text()
    const elapsed = performance.now() - started

    expect(res.status).toBe(200)
    expect(body).toBe(normal)
    expect(elapsed).toBeGreaterThanOrEqual(delayMs - 5)
    await expectStillServing(baseUrl)
  })
})

describe('where faults apply', () => {
  it('cuts a file route short too: the hn-billing invoice body fails to read', async () => {
    const { app, baseUrl } = await listenTestApp()
    const headers = await bearerHeader(app)
    await activate(baseUrl, { outcome: { fault: 'truncated' }, api: 'hn-billing', times: 1 })

    const res = await fetch(new URL(INVOICE_FILE, baseUrl), { method: 'POST', headers })

    expect(res.status).toBe(200)
    await expect(res.arrayBuffer()).rejects.toThrow('terminated')
    const again = await fetch(new URL(INVOICE_FILE, baseUrl), { method: 'POST', headers })
    expect(again.status).toBe(200)
    expect(JSON.parse(await again.text())).toBeTypeOf('object')
  })

  it('leaves the token endpoint alone: faults are per API', async () => {
    const { baseUrl } = await listenTestApp()
    await activate(baseUrl, { outcome: { fault: 'connection-reset' } })

    const res = await fetch(new URL(`${TOKEN_PATH}?grant_type=client_credentials`, baseUrl), {
      method: 'POST',
      headers: { authorization: basicAuth(QA_CLIENT.id, QA_CLIENT.secret), 'x-mock-scenario': 'truncated' }
    })

    expect(res.status).toBe(200)
    expect(await res.json()).toHaveProperty('token_type', 'BearerToken')
    const err = await failure(getInvoices(baseUrl))
    expect(err.cause?.code).toBe('ECONNRESET')
  })
})
