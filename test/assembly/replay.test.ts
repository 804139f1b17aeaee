/**
 * Replay (src/assembly/replay.ts): a request seen before is answered with the bytes the full path made, and
 * only while the full path would make them again. Real sockets: replays happen in Node's server, which
 * `inject` never reaches.
 */
import dns from 'node:dns'
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance } from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { buildTestApp } from '../helpers/build-app.js'
import { TOKEN_PATH } from '../../src/auth/token-endpoint.js'
import type { Config } from '../../src/config.js'
import { basicAuth, QA_CLIENT } from '../helpers/build-app.js'
import { listenTestApp, rawExchange } from '../helpers/listen.js'
import { DEFAULT_FIXTURES, tempFixtures } from '../helpers/temp-fixtures.js'

const CLOCK = '2026-11-21T10:00:00.000Z'
const MASSTACK = '/masstack/v2/orgs/telco/accounts/214748364/invoices'
const BO_BILLING = '/bo-billing/customers/CLIENT_NUMBER/70000001/bills?contractNumber=80000001'

interface Server { app: FastifyInstance, port: number }

async function start (overrides: Partial<Config> = {}): Promise<Server> {
  const { app, baseUrl } = await listenTestApp({ logLevel: 'warn', ...overrides })
  return { app, port: Number(new URL(baseUrl).port) }
}

/** One request over its own connection (closed after the answer), and the answer's bytes as they came. */
async function exchange (port: number, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<string> {
  const lines = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close', ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)]
  if (body !== undefined) lines.push(`Content-Length: ${Buffer.byteLength(body)}`)
  return (await rawExchange(`http://127.0.0.1:${port}`, `${lines.join('\r\n')}\r\n\r\n${body ?? ''}`)).raw
}

/** The answer without its Date line, which Node writes at each answer. */
const undated = (answer: string): string => answer.replace(/\r\nDate: [^\r]+/, '')
const statusOf = (answer: string): number => Number(answer.slice(9, 12))
const bodyOf = (answer: string): string => Buffer.from(answer.slice(answer.indexOf('\r\n\r\n') + 4), 'latin1').toString('utf8')

async function bearer ({ port }: Server, clientId: string = QA_CLIENT.id, secret: string = QA_CLIENT.secret): Promise<string> {
  const answer = await exchange(port, 'POST', `${TOKEN_PATH}?grant_type=client_credentials`, { Authorization: basicAuth(clientId, secret) })
  return `Bearer ${(JSON.parse(bodyOf(answer)) as { access_token: string }).access_token}`
}

async function admin ({ port }: Server, method: string, path: string, body?: unknown): Promise<string> {
  return await exchange(port, method, `/__admin${path}`, body === undefined ? {} : { 'Content-Type': 'application/json' }, body === undefined ? undefined : JSON.stringify(body))
}

describe('replay', () => {
  it('answers each API\'s main request, from its third time on, with the bytes the full path made', async () => {
    const server = await start({ clock: CLOCK })
    const authorization = await bearer(server)
    const requests: Array<[string, string, Record<string, string>]> = [
      ['POST', '/hn-billing/customers/50499990001/invoices?invoiceNumber=000-001-01-00012345&invoiceDate=2026-10-01&type=SUMMARY&typeResult=PDF', { Authorization: authorization }],
      ['GET', BO_BILLING, { Authorization: authorization }],
      ['GET', MASSTACK, { Authorization: authorization, 'X-Auth-Roles': 'API_KEY' }],
      ['GET', '/billingdata/api/v1.0/billingdata', { Authorization: authorization }],
      // Not the request `bearer` sent: that one has been seen already.
      ['POST', `${TOKEN_PATH}?grant_type=client_credentials`, { Authorization: basicAuth(QA_CLIENT.id, QA_CLIENT.secret), Accept: 'application/json' }]
    ]
    for (const [method, path, headers] of requests) {
      const before = server.app.replays().replayed
      // First seen, then kept: both through the full path.
      const first = await exchange(server.port, method, path, headers)
      expect(statusOf(first), path).toBe(200)
      expect(undated(await exchange(server.port, method, path, headers)), path).toBe(undated(first))
      expect(server.app.replays().replayed - before, path).toBe(0)
      const third = await exchange(server.port, method, path, headers)
      const fourth = await exchange(server.port, method, path, headers)
      expect(server.app.replays().replayed - before, path).toBe(2)
      expect(undated(third), path).toBe(undated(first))
      expect(undated(fourth), path).toBe(undated(first))
    }
  })

  it('journals a replay as the full path journals the same request, headers masked', async () => {
    const server = await start()
    const headers = { Authorization: await bearer(server), 'X-Auth-Roles': 'API_KEY' }
    for (let i = 0; i < 3; i++) await exchange(server.port, 'GET', MASSTACK, headers)
    expect(server.app.replays().replayed).toBe(1)
    const { requests } = JSON.parse(bodyOf(await admin(server, 'GET', '/requests?api=masstack'))) as { requests: Array<Record<string, unknown>> }
    expect(requests).toHaveLength(3)
    const [replayed, kept] = requests as [Record<string, unknown>, Record<string, unknown>]
    const comparable = ({ id, at, durationMs, ...rest }: Record<string, unknown>): Record<string, unknown> => rest
    expect(comparable(replayed)).toEqual(comparable(kept))
    expect(Date.parse(String(replayed.at))).toBeGreaterThanOrEqual(Date.parse(String(kept.at)))
    expect(replayed.headers).toMatchObject({ authorization: 'Bearer [masked]', 'x-auth-roles': 'API_KEY', host: '127.0.0.1' })
    expect(replayed.route).toBe('GET /masstack/v2/orgs/:orgId/accounts/:accountId/invoices')
  })

  it('leaves tracing headers out of the key, and journals each request\'s own', async () => {
    const server = await start()
    const headers = { Authorization: await bearer(server), 'X-Auth-Roles': 'API_KEY' }
    const traces = ['00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', '00-1bf7651916cd43dd8448eb211c80319c-c7ad6b7169203331-01', '00-2cf7651916cd43dd8448eb211c80319c-d7ad6b7169203331-01']
    const answers = []
    for (const traceparent of traces) answers.push(await exchange(server.port, 'GET', MASSTACK, { ...headers, traceparent, 'X-Request-Id': traceparent.slice(3, 10) }))
    expect(server.app.replays().replayed).toBe(1)
    expect(new Set(answers.map(undated)).size).toBe(1)
    const { requests } = JSON.parse(bodyOf(await admin(server, 'GET', '/requests?api=masstack'))) as { requests: Array<{ headers: Record<string, string> }> }
    expect(requests.map((entry) => entry.headers.traceparent)).toEqual([...traces].reverse())
    // Any other header that differs is another request.
    await exchange(server.port, 'GET', MASSTACK, { ...headers, 'X-Test-Run': 'a' })
    await exchange(server.port, 'GET', MASSTACK, { ...headers, 'X-Test-Run': 'b' })
    await exchange(server.port, 'GET', MASSTACK, { ...headers, 'X-Test-Run': 'c' })
    expect(server.app.replays().replayed).toBe(1)
  })

  it('keeps nothing of requests that never come again', async () => {
    const server = await start()
    const headers = { Authorization: await bearer(server), 'X-Auth-Roles': 'API_KEY' }
    const before = server.app.replays()
    for (let i = 0; i < 20; i++) expect(statusOf(await exchange(server.port, 'GET', MASSTACK, { ...headers, 'X-Test-Run': `run-${i}` }))).toBe(200)
    expect(server.app.replays()).toEqual(before)
  })

  it('writes billingdata\'s timestamp fresh at each replay, the rest as first made', async () => {
    const server = await start()
    const headers = { Authorization: await bearer(server) }
    await exchange(server.port, 'GET', '/billingdata/api/v1.0/billingdata', headers)
    const kept = await exchange(server.port, 'GET', '/billingdata/api/v1.0/billingdata', headers)
    await sleep(5)
    const replayed = await exchange(server.port, 'GET', '/billingdata/api/v1.0/billingdata', headers)
    expect(server.app.replays().replayed).toBe(1)
    const [before, after] = [kept, replayed].map((answer) => JSON.parse(bodyOf(answer)) as { timestamp: string })
    expect(Date.parse(after!.timestamp)).toBeGreaterThan(Date.parse(before!.timestamp))
    expect(after!.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/)
    expect({ ...after, timestamp: '' }).toEqual({ ...before, timestamp: '' })
    expect(undated(replayed).split('\r\n\r\n')[0]).toBe(undated(kept).split('\r\n\r\n')[0])
  })

  it('gives the same token only within its second, as the full path would', async () => {
    const server = await start()
    const headers = { Authorization: basicAuth(QA_CLIENT.id, QA_CLIENT.secret) }
    // Early in a second, so the three requests fall in it.
    while (Date.now() % 1000 > 300) await sleep(10)
    const token = async (): Promise<{ access_token: string, issued_at: string }> =>
      JSON.parse(bodyOf(await exchange(server.port, 'POST', `${TOKEN_PATH}?grant_type=client_credentials`, headers))) as { access_token: string, issued_at: string }
    const first = await token()
    const kept = await token()
    const replayed = await token()
    expect(server.app.replays().replayed).toBe(1)
    expect([kept, replayed]).toEqual([first, first])
    await sleep(1000 - (Date.now() % 1000) + 20)
    const later = await token()
    expect(server.app.replays().replayed).toBe(1)
    expect(Number(later.issued_at)).toBe(Number(first.issued_at) + 1000)
    expect(later.access_token).not.toBe(first.access_token)
  })

  it('stops replaying an answer once its bearer token has expired', async () => {
    const server = await start({ tokenTtl: 1 })
    const headers = { Authorization: await bearer(server) }
    for (let i = 0; i < 3; i++) expect(statusOf(await exchange(server.port, 'GET', BO_BILLING, headers))).toBe(200)
    const replayed = server.app.replays().replayed
    expect(replayed).toBe(1)
    await sleep(1100)
    const expired = await exchange(server.port, 'GET', BO_BILLING, headers)
    expect(server.app.replays().replayed).toBe(replayed)
    expect(statusOf(expired)).toBe(401)
    expect(bodyOf(expired)).toContain('expired')
  })

  it('never replays past a scenario switched on, a countdown, a reset or a reload', async () => {
    const fixtures = tempFixtures()
    const file = fixtures.write('extra.yaml', ['clients:', '  - clientId: extra', '    clientSecret: extra-secret'])
    const server = await start({ fixtures: [DEFAULT_FIXTURES, file] })
    const headers = { Authorization: await bearer(server), 'X-Auth-Roles': 'API_KEY' }
    const status = async (): Promise<number> => statusOf(await exchange(server.port, 'GET', MASSTACK, headers))
    /** Three requests, the last one replayed: a kept answer is there to be wrongly replayed. */
    const replaying = async (): Promise<void> => {
      const before = server.app.replays().replayed
      expect([await status(), await status(), await status()]).toEqual([200, 200, 200])
      expect(server.app.replays().replayed).toBeGreaterThan(before)
    }
    await replaying()

    expect(statusOf(await admin(server, 'POST', '/activations', { outcome: { status: 404 }, api: 'masstack', times: 2 }))).toBe(201)
    expect([await status(), await status(), await status()]).toEqual([404, 404, 200])
    await replaying()

    const unlimited = JSON.parse(bodyOf(await admin(server, 'POST', '/activations', { outcome: { status: 404 }, api: 'masstack' }))) as { id: string }
    expect(await status()).toBe(404)
    await admin(server, 'DELETE', `/activations/${unlimited.id}`)
    await replaying()

    await admin(server, 'POST', '/activations', { outcome: { status: 404 }, api: 'masstack' })
    expect(await status()).toBe(404)
    await admin(server, 'POST', '/reset')
    await replaying()

    // A reload: the answer kept before it is not replayed after it; the removed client's credentials stop working at once.
    const tokenHeaders = { Authorization: basicAuth('extra', 'extra-secret') }
    for (let i = 0; i < 3; i++) expect(statusOf(await exchange(server.port, 'POST', `${TOKEN_PATH}?grant_type=client_credentials`, tokenHeaders))).toBe(200)
    const replayed = server.app.replays().replayed
    fixtures.write('extra.yaml', ['clients: []'])
    expect(statusOf(await admin(server, 'POST', '/fixtures/reload'))).toBe(200)
    expect(await status()).toBe(200)
    expect(statusOf(await exchange(server.port, 'POST', `${TOKEN_PATH}?grant_type=client_credentials`, tokenHeaders))).toBe(401)
    expect(server.app.replays().replayed).toBe(replayed)
  })

  it('keeps nothing asked for in particular: Prefer, __code, X-Mock-Scenario, a request body', async () => {
    const server = await start()
    const authorization = await bearer(server)
    const headers = { Authorization: authorization, 'X-Auth-Roles': 'API_KEY' }
    // The token request itself is seen.
    const before = server.app.replays()
    const thrice = async (path: string, extra: Record<string, string>, body?: string): Promise<number[]> => {
      const statuses = []
      for (let i = 0; i < 3; i++) statuses.push(statusOf(await exchange(server.port, body === undefined ? 'GET' : 'POST', path, { ...headers, ...extra }, body)))
      return statuses
    }
    expect(await thrice(MASSTACK, { Prefer: 'code=404' })).toEqual([404, 404, 404])
    expect(await thrice(MASSTACK, { Prefer: 'seed=7' })).toEqual([200, 200, 200])
    expect(await thrice(MASSTACK, { Prefer: 'dynamic=true' })).toEqual([200, 200, 200])
    expect(await thrice(`${MASSTACK}?__code=400`, {})).toEqual([400, 400, 400])
    expect(await thrice(MASSTACK, { 'X-Mock-Scenario': 'ORG_NOT_FOUND' })).not.toContain(200)
    expect(await thrice('/invoice-files/api/v2/customer/11111111-1111-4111-8111-111111111111/download-invoices', { Authorization: authorization, 'Content-Type': 'application/json' }, '{}')).toEqual([200, 200, 200])
    expect(server.app.replays()).toEqual(before)
  })

  it('is off while request logs are on, and with replay: false', async () => {
    for (const overrides of [{ logLevel: 'info' as const, logFormat: 'json' as const }, { replay: false }]) {
      const server = await start(overrides)
      const headers = { Authorization: await bearer(server), 'X-Auth-Roles': 'API_KEY' }
      const answers = []
      for (let i = 0; i < 3; i++) answers.push(undated(await exchange(server.port, 'GET', MASSTACK, headers)))
      expect(new Set(answers).size).toBe(1)
      expect(server.app.replays()).toEqual({ kept: 0, replayed: 0 })
    }
  })

  it('leaves Fastify listening on every address of a host name, as without replay', async () => {
    // A `localhost` of two addresses (::1 and 127.0.0.1 on many machines; two IPv4 ones here).
    const lookup = dns.lookup
    dns.lookup = ((host: string, options: unknown, callback: (...args: unknown[]) => void) => {
      if (host === 'localhost' && typeof options === 'object' && (options as { all?: boolean }).all === true) {
        process.nextTick(callback, null, [{ address: '127.0.0.1', family: 4 }, { address: '127.0.0.2', family: 4 }])
        return
      }
      ;(lookup as (...args: unknown[]) => void)(host, options, callback)
    }) as typeof dns.lookup
    onTestFinished(() => { dns.lookup = lookup })
    const app = await buildTestApp({ logLevel: 'warn' })
    const { port } = new URL(await app.listen({ host: 'localhost', port: 0 }))
    const addresses = app.addresses().map((address) => typeof address === 'string' ? address : address.address).sort()
    expect(addresses).toEqual(['127.0.0.1', '127.0.0.2'])
    for (const host of addresses) expect((await fetch(`http://${host}:${port}/health`)).status).toBe(200)
  })
})
