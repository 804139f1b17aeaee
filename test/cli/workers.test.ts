import { once } from 'node:events'
import { describe, expect, it } from 'vitest'
import { startServerProcess } from '../helpers/spawn.js'
import { readEvents } from '../helpers/sse.js'
import { DEFAULT_FIXTURES, tempFixtures } from '../helpers/temp-fixtures.js'

const ACCOUNT = '/masstack/v2/orgs/telco/accounts/214748364/invoices'
const QA_CLIENT = `Basic ${Buffer.from('qa-client:qa-secret').toString('base64')}`

/** A request on a connection of its own, so the cluster may hand it to any worker. */
async function fresh (url: string, init: RequestInit = {}): Promise<Response> {
  return await fetch(url, { ...init, headers: { connection: 'close', ...(init.headers as Record<string, string> | undefined) } })
}

describe('billing-mocks start --workers 2', () => {
  it('answers the same from every worker, and shares tokens, activations, scenario states and the journal', async () => {
    const { baseUrl: base, child, output } = await startServerProcess(['node', 'bin/billing-mocks.js', 'start', '--workers', '2', '--port', '0', '--log-level', 'warn'])
    expect(output()).toContain('2 workers')

    // Both workers answer: the cluster spreads fresh connections over them.
    const pids = new Set<number>()
    for (let index = 0; index < 12; index++) pids.add(((await (await fresh(`${base}/health`)).json()) as { worker: number }).worker)
    expect(pids.size).toBe(2)

    // A token from one worker is good at every worker, and every worker gives the same bytes.
    const issued = await fresh(`${base}/oauth/client_credential/accesstoken?grant_type=client_credentials`, { method: 'POST', headers: { authorization: QA_CLIENT } })
    const { access_token: token } = await issued.json() as { access_token: string }
    const headers = { authorization: `Bearer ${token}`, 'x-auth-roles': 'API_KEY' }
    const bodies = new Set<string>()
    for (let index = 0; index < 8; index++) {
      const res = await fresh(`${base}${ACCOUNT}`, { headers })
      expect(res.status).toBe(200)
      bodies.add(await res.text())
    }
    expect(bodies.size).toBe(1)

    // An activation for the next 3 requests is counted down once, whichever worker takes them.
    const activated = await fresh(`${base}/__admin/activations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario: 'ACCOUNT_NOT_FOUND', api: 'masstack', times: 3 }) })
    expect(activated.status).toBe(201)
    const statuses: number[] = []
    for (let index = 0; index < 8; index++) statuses.push((await fresh(`${base}${ACCOUNT}`, { headers })).status)
    expect(statuses).toEqual([404, 404, 404, 200, 200, 200, 200, 200])

    // A stateful scenario moves once for all: 503 the first time, 200 after, at any worker.
    await fresh(`${base}/__admin/scenarios/invoice-files-download-fails-once/activate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    const download = `${base}/invoice-files/api/v2/customer/11111111-1111-4111-8111-111111111111/download-invoices`
    const downloads: number[] = []
    for (let index = 0; index < 4; index++) downloads.push((await fresh(download, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' })).status)
    expect(downloads).toEqual([503, 200, 200, 200])

    // The journal has every request, from both workers, as soon as the answers are out.
    const count = await (await fresh(`${base}/__admin/requests/count?api=masstack`)).json() as { count: number }
    expect(count.count).toBe(16)
    const journal = await (await fresh(`${base}/__admin/requests?api=masstack&limit=1`)).json() as { requests: Array<{ headers: Record<string, string>, route: string }> }
    expect(journal.requests[0]?.headers.authorization).toBe('Bearer [masked]')
    expect(journal.requests[0]?.route).toBe('GET /masstack/v2/orgs/:orgId/accounts/:accountId/invoices')

    // A reset reaches every worker: no activation left, an empty journal.
    expect((await fresh(`${base}/__admin/reset`, { method: 'POST' })).status).toBe(204)
    expect(((await (await fresh(`${base}/__admin/activations`)).json()) as unknown[]).length).toBe(0)
    expect((await (await fresh(`${base}/__admin/requests/count`)).json() as { count: number }).count).toBe(0)

    child.kill('SIGTERM')
    const [code] = await once(child, 'exit') as [number | null]
    expect(code).toBe(0)
  }, 60_000)

  it('reloads the fixtures in every worker when the admin API is asked to', async () => {
    const fixtures = tempFixtures()
    const file = fixtures.write('clients.yaml', ['clients:', '  - clientId: first-client', '    clientSecret: first-secret'])
    const { baseUrl: base } = await startServerProcess(['node', 'bin/billing-mocks.js', 'start', '--workers', '2', '--port', '0', '--log-level', 'warn', '--fixtures', DEFAULT_FIXTURES, file])
    const tokenFor = async (id: string, secret: string): Promise<number> =>
      (await fresh(`${base}/oauth/client_credential/accesstoken?grant_type=client_credentials`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` } })).status

    const before: number[] = []
    for (let index = 0; index < 6; index++) before.push(await tokenFor('second-client', 'second-secret'))
    expect(before.every((status) => status === 401)).toBe(true)

    fixtures.write('clients.yaml', ['clients:', '  - clientId: second-client', '    clientSecret: second-secret'])
    expect((await fresh(`${base}/__admin/fixtures/reload`, { method: 'POST' })).status).toBe(200)

    const after: number[] = []
    for (let index = 0; index < 6; index++) after.push(await tokenFor('second-client', 'second-secret'))
    expect(after).toEqual([200, 200, 200, 200, 200, 200])
  }, 60_000)

  it('replaces a worker that dies, and the new one has the activations already on', async () => {
    const { baseUrl: base } = await startServerProcess(['node', 'bin/billing-mocks.js', 'start', '--workers', '2', '--port', '0', '--log-level', 'fatal'])
    // While a worker dies, a connection handed to it is lost: each probe gives up after a second.
    const workers = async (): Promise<Set<number>> => {
      const pids = new Set<number>()
      for (let index = 0; index < 10; index++) {
        const health = await fresh(`${base}/health`, { signal: AbortSignal.timeout(1000) }).then(async (res) => await res.json() as { worker: number }, () => undefined)
        if (health !== undefined) pids.add(health.worker)
      }
      return pids
    }
    const [victim] = [...await workers()]
    expect((await fresh(`${base}/__admin/activations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario: 'ORG_NOT_FOUND', api: 'masstack' }) })).status).toBe(201)

    process.kill(victim ?? 0, 'SIGKILL')
    let now = await workers()
    while (now.has(victim ?? 0) || now.size < 2) now = await workers()

    const issued = await fresh(`${base}/oauth/client_credential/accesstoken?grant_type=client_credentials`, { method: 'POST', headers: { authorization: QA_CLIENT } })
    const { access_token: token } = await issued.json() as { access_token: string }
    const statuses = new Set<number>()
    for (let index = 0; index < 8; index++) statuses.add((await fresh(`${base}${ACCOUNT}`, { headers: { authorization: `Bearer ${token}`, 'x-auth-roles': 'API_KEY' } })).status)
    expect(statuses).toEqual(new Set([404]))
  }, 60_000)

  it('streams the journal and the activations live (GET /__admin/requests/stream) from any worker', async () => {
    const { baseUrl: base } = await startServerProcess(['node', 'bin/billing-mocks.js', 'start', '--workers', '2', '--port', '0', '--log-level', 'warn'])
    const controller = new AbortController()
    const stream = await fresh(`${base}/__admin/requests/stream`, { signal: controller.signal })
    expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    const { text, until } = readEvents(stream)
    await until(/event: activations\ndata: \[\]/)

    // Requests through fresh connections, so other workers answer them too; each reaches the stream.
    for (let index = 0; index < 4; index++) expect((await fresh(`${base}/billingdata/api/v1.0/billingdata?page=${index + 1}`)).status).toBe(401)
    await fresh(`${base}/__admin/activations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario: 'ORG_NOT_FOUND', api: 'masstack' }) })
    await until(/"scenario":"ORG_NOT_FOUND"/)
    await until(/page=4/)
    expect(text().match(/event: request\n/g)).toHaveLength(4)
    controller.abort()
  }, 60_000)
})
