/**
 * Three replicas on one real Redis (`--state redis://…`), each a process of its own as behind a load
 * balancer: countdowns, stateful scenarios, the journal and resets are shared; kill -9 and restart lose
 * nothing; Redis down leaves the APIs answering and the admin API saying so.
 */
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { startServerProcess, type ServerProcess } from '../helpers/spawn.js'
import { NO_REDIS, REDIS_SERVER, startRedis } from '../helpers/redis.js'
import { readEvents } from '../helpers/sse.js'

const ACCOUNT = '/masstack/v2/orgs/telco/accounts/214748364/invoices'
const DOWNLOAD = '/invoice-files/api/v2/customer/11111111-1111-4111-8111-111111111111/download-invoices'
const QA_CLIENT = `Basic ${Buffer.from('qa-client:qa-secret').toString('base64')}`
const JSON_BODY = { 'content-type': 'application/json' }

async function replica (url: string, prefix: string): Promise<ServerProcess> {
  return await startServerProcess(['node', 'bin/billing-mocks.js', 'start', '--port', '0', '--log-level', 'warn', '--state', url, '--state-prefix', prefix])
}

async function json<T> (response: Promise<Response>): Promise<T> {
  return await (await response).json() as T
}

async function tokenFrom (base: string): Promise<string> {
  const issued = await json<{ access_token: string }>(fetch(`${base}/oauth/client_credential/accesstoken?grant_type=client_credentials`, { method: 'POST', headers: { authorization: QA_CLIENT } }))
  return issued.access_token
}

describe.skipIf(REDIS_SERVER === undefined)(`three replicas sharing one Redis${REDIS_SERVER === undefined ? ` (${NO_REDIS})` : ''}`, () => {
  it('count a countdown down exactly once across replicas, move a stateful scenario once, show every replica\'s requests, and reset together', async () => {
    const redis = await startRedis()
    const replicas = await Promise.all([1, 2, 3].map(async () => await replica(redis.url, 'shared-test')))
    const bases = replicas.map((server) => server.baseUrl)
    const at = (index: number): string => bases[index % bases.length] ?? ''
    const token = await tokenFrom(at(0))
    const headers = { authorization: `Bearer ${token}`, 'x-auth-roles': 'API_KEY' }

    // A countdown of 5 made through one replica, 30 requests spread over the three: exactly 5 fail.
    const activated = await fetch(`${at(0)}/__admin/activations`, { method: 'POST', headers: JSON_BODY, body: JSON.stringify({ scenario: 'ACCOUNT_NOT_FOUND', api: 'masstack', times: 5 }) })
    expect(activated.status).toBe(201)
    const statuses = await Promise.all(Array.from({ length: 30 }, async (_, index) => (await fetch(`${at(index)}${ACCOUNT}`, { headers })).status))
    expect(statuses.filter((status) => status === 404)).toHaveLength(5)
    expect(statuses.filter((status) => status === 200)).toHaveLength(25)
    for (const base of bases) expect(await json<unknown[]>(fetch(`${base}/__admin/activations`))).toEqual([])

    // "Fails once" fails once, whichever replica takes each retry.
    expect((await fetch(`${at(1)}/__admin/scenarios/invoice-files-download-fails-once/activate`, { method: 'POST', headers: JSON_BODY, body: '{}' })).status).toBe(201)
    const downloads: number[] = []
    for (let index = 0; index < 6; index++) {
      downloads.push((await fetch(`${at(index)}${DOWNLOAD}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, ...JSON_BODY }, body: '{}' })).status)
    }
    expect(downloads).toEqual([503, 200, 200, 200, 200, 200])

    // The journal of any one shows every replica's requests, each with the replica that answered.
    const journal = await json<{ requests: Array<{ replica?: string }>, total: number }>(fetch(`${at(2)}/__admin/requests?api=masstack&limit=100`))
    expect(journal.total).toBe(30)
    expect(new Set(journal.requests.map((entry) => entry.replica)).size).toBe(3)
    expect(await json<{ count: number }>(fetch(`${at(1)}/__admin/requests/count?api=invoice-files`))).toEqual({ count: 6 })

    // The live stream of one replica shows a request another answered.
    const controller = new AbortController()
    const events = readEvents(await fetch(`${at(1)}/__admin/requests/stream`, { signal: controller.signal }))
    await events.until(/event: activations/)
    expect((await fetch(`${at(2)}/bo-billing/customers/CLIENT_NUMBER/70000001/bills?contractNumber=80000001`, { headers })).status).toBe(200)
    await events.until(/"path":"\/bo-billing\/customers\/CLIENT_NUMBER\/70000001\/bills"[^\n]*"replica"/)
    controller.abort()

    // A reset through one clears them all.
    await fetch(`${at(0)}/__admin/activations`, { method: 'POST', headers: JSON_BODY, body: JSON.stringify({ scenario: 'ACCOUNT_NOT_FOUND', api: 'masstack' }) })
    expect((await fetch(`${at(1)}${ACCOUNT}`, { headers })).status).toBe(404)
    expect((await fetch(`${at(2)}/__admin/reset`, { method: 'POST' })).status).toBe(204)
    for (const base of bases) {
      expect(await json<unknown[]>(fetch(`${base}/__admin/activations`))).toEqual([])
      expect(await json<{ count: number }>(fetch(`${base}/__admin/requests/count`))).toEqual({ count: 0 })
    }
    for (const base of bases) expect((await fetch(`${base}${ACCOUNT}`, { headers })).status).toBe(200)
  })

  it('keeps a countdown through kill -9 and restart of two replicas', async () => {
    const redis = await startRedis()
    const [first, second, third] = await Promise.all([1, 2, 3].map(async () => await replica(redis.url, 'restart-test')))
    if (first === undefined || second === undefined || third === undefined) throw new Error('three replicas')
    const token = await tokenFrom(first.baseUrl)
    const headers = { authorization: `Bearer ${token}`, 'x-auth-roles': 'API_KEY' }
    await fetch(`${first.baseUrl}/__admin/activations`, { method: 'POST', headers: JSON_BODY, body: JSON.stringify({ scenario: 'ACCOUNT_NOT_FOUND', api: 'masstack', times: 4 }) })
    expect((await fetch(`${second.baseUrl}${ACCOUNT}`, { headers })).status).toBe(404)

    for (const server of [first, second]) {
      const exited = new Promise((resolve) => server.child.once('exit', resolve))
      server.child.kill('SIGKILL')
      await exited
    }
    const restarted = await Promise.all([1, 2].map(async () => await replica(redis.url, 'restart-test')))
    const bases = [...restarted.map((server) => server.baseUrl), third.baseUrl]
    const [left] = await json<Array<{ remaining: number }>>(fetch(`${bases[0] ?? ''}/__admin/activations`))
    expect(left?.remaining).toBe(3)
    const statuses: number[] = []
    for (let index = 0; index < 6; index++) statuses.push((await fetch(`${bases[index % 3] ?? ''}${ACCOUNT}`, { headers })).status)
    expect(statuses).toEqual([404, 404, 404, 200, 200, 200])
  })

  it('goes on answering when Redis goes away, answers admin changes 503 naming Redis, and resumes when it is back', async () => {
    const redis = await startRedis({ password: 's3cret-password' })
    const server = await replica(redis.url, 'outage-test')
    const base = server.baseUrl
    const token = await tokenFrom(base)
    const headers = { authorization: `Bearer ${token}`, 'x-auth-roles': 'API_KEY' }
    await fetch(`${base}/__admin/activations`, { method: 'POST', headers: JSON_BODY, body: JSON.stringify({ scenario: 'ACCOUNT_NOT_FOUND', api: 'masstack' }) })
    expect((await fetch(`${base}${ACCOUNT}`, { headers })).status).toBe(404)

    await redis.kill()
    for (let index = 0; index < 5; index++) expect((await fetch(`${base}${ACCOUNT}`, { headers })).status).toBe(200)
    const refused = await fetch(`${base}/__admin/activations`, { method: 'POST', headers: JSON_BODY, body: JSON.stringify({ scenario: 'ACCOUNT_NOT_FOUND', api: 'masstack' }) })
    expect(refused.status).toBe(503)
    const body = await refused.json() as { error: string, message: string }
    expect(body.error).toBe('state_unavailable')
    expect(body.message).toContain(`redis://default:***@127.0.0.1:${redis.port}`)
    expect(body.message).not.toContain('s3cret-password')
    // Warned once for the outage, however many requests came.
    expect(server.output().match(/cannot be reached/g)).toHaveLength(1)

    await redis.restart()
    await expect.poll(async () => (await fetch(`${base}/__admin/activations`, { method: 'POST', headers: JSON_BODY, body: JSON.stringify({ scenario: 'ACCOUNT_NOT_FOUND', api: 'masstack' }) })).status, { timeout: 10_000, interval: 200 }).toBe(201)
    expect((await fetch(`${base}${ACCOUNT}`, { headers })).status).toBe(404)
  })

  it('shares the state between the workers of --workers, each a replica on Redis', async () => {
    const redis = await startRedis()
    const { baseUrl: base } = await startServerProcess(['node', 'bin/billing-mocks.js', 'start', '--workers', '2', '--port', '0', '--log-level', 'warn', '--state', redis.url])
    const fresh = async (url: string, init: RequestInit = {}): Promise<Response> => await fetch(url, { ...init, headers: { connection: 'close', ...(init.headers as Record<string, string> | undefined) } })
    const token = await tokenFrom(base)
    const headers = { authorization: `Bearer ${token}`, 'x-auth-roles': 'API_KEY' }
    expect((await fresh(`${base}/__admin/activations`, { method: 'POST', headers: JSON_BODY, body: JSON.stringify({ scenario: 'ACCOUNT_NOT_FOUND', api: 'masstack', times: 3 }) })).status).toBe(201)
    const statuses: number[] = []
    for (let index = 0; index < 8; index++) statuses.push((await fresh(`${base}${ACCOUNT}`, { headers })).status)
    expect(statuses).toEqual([404, 404, 404, 200, 200, 200, 200, 200])
    const journal = await json<{ requests: Array<{ replica?: string }> }>(fresh(`${base}/__admin/requests?api=masstack`))
    expect(journal.requests).toHaveLength(8)
    expect(new Set(journal.requests.map((entry) => entry.replica)).size).toBe(2)
  })

  it('keeps a countdown exact when Redis stalls past the bound, and goes on when only its notifications connection drops', async () => {
    const redis = await startRedis()
    const server = await replica(redis.url, 'stall-test')
    const token = await tokenFrom(server.baseUrl)
    const headers = { authorization: `Bearer ${token}`, 'x-auth-roles': 'API_KEY' }
    const remaining = async (): Promise<number | undefined> => (await json<Array<{ remaining?: number }>>(fetch(`${server.baseUrl}/__admin/activations`)))[0]?.remaining
    await fetch(`${server.baseUrl}/__admin/activations`, { method: 'POST', headers: JSON_BODY, body: JSON.stringify({ scenario: 'ACCOUNT_NOT_FOUND', api: 'masstack', times: 3 }) })

    // Redis frozen: the request is answered normally after the bound, and the use it did not get is given back.
    redis.child.kill('SIGSTOP')
    const started = Date.now()
    expect((await fetch(`${server.baseUrl}${ACCOUNT}`, { headers })).status).toBe(200)
    expect(Date.now() - started).toBeLessThan(2000)
    redis.child.kill('SIGCONT')
    await expect.poll(remaining, { timeout: 5000, interval: 100 }).toBe(3)

    // The notifications connection dropped alone: the replica reconnects it and keeps taking activations.
    expect(spawnSync('redis-cli', ['-p', String(redis.port), 'CLIENT', 'KILL', 'TYPE', 'pubsub']).status).toBe(0)
    await expect.poll(async () => (await fetch(`${server.baseUrl}${ACCOUNT}`, { headers })).status, { timeout: 5000, interval: 100 }).toBe(404)
    const statuses: number[] = []
    for (let index = 0; index < 3; index++) statuses.push((await fetch(`${server.baseUrl}${ACCOUNT}`, { headers })).status)
    expect(statuses).toEqual([404, 404, 200])
  })
})
