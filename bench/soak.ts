/**
 * Soak test: the real server (`bin/billing-mocks.js start --port 0`) under a mixed load on all five APIs, the
 * token endpoint and the admin API for N minutes, while scenarios are switched on and off and the fixtures
 * are reloaded. Every answer is checked against what its request (and the scenarios active while it was in
 * flight) should produce; anything else is an unexpected error, and there must be none. It reports the
 * requests, the unexpected errors, the request journal's size (bounded by --journal-size) and the server's
 * RSS at the start and the end.
 *
 *   npm run soak                         # 1 minute, 8 connections
 *   npm run soak -- --minutes 5          # what README reports
 *   npm run soak -- --minutes 5 --json   # JSON
 *
 * Not part of `npm test`. Exit status 1 when an answer was unexpected or the journal outgrew its capacity.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const { values: flags } = parseArgs({
  options: {
    minutes: { type: 'string', default: '1' },
    connections: { type: 'string', default: '8' },
    json: { type: 'boolean', default: false }
  }
})
const minutes = Number(flags.minutes)
const connections = Number(flags.connections)
if (!(minutes > 0)) throw new Error(`--minutes must be a positive number, got "${flags.minutes}".`)
if (!Number.isInteger(connections) || connections < 1) throw new Error(`--connections must be a positive integer, got "${flags.connections}".`)

const root = fileURLToPath(new URL('../../', import.meta.url))
const OWN = '11111111-1111-4111-8111-111111111111'
const TOKEN_URL = '/oauth/client_credential/accesstoken?grant_type=client_credentials'
const BASIC = `Basic ${Buffer.from('qa-client:qa-secret').toString('base64')}`

// --- the server --------------------------------------------------------------------------------------------

interface Server { child: ChildProcess, base: string, output: () => string }

async function startServer (): Promise<Server> {
  const child = spawn(process.execPath, ['bin/billing-mocks.js', 'start', '--port', '0', '--log-level', 'warn'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => { reject(new Error(`The server printed no address within 30 s:\n${output}`)) }, 30_000)
    child.stdout?.on('data', () => {
      const found = /listening on (http:\/\/\S+)/.exec(output)?.[1]
      if (found !== undefined) { clearTimeout(timer); resolve(found) }
    })
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`The server exited (${String(code)}) before listening. Is dist/ built? It said:\n${output}`)) })
  })
  return { child, base, output: () => output }
}

/** The server's resident set size in MB (Linux /proc; `ps` elsewhere). */
function rssMb (pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
    return Number(kb) / 1024
  } catch {
    return Number.NaN
  }
}

// --- what each request should get ------------------------------------------------------------------------

interface Answer { status: number, body: any, text: string }
/** Undefined when the answer is right; otherwise why not. */
type Check = (answer: Answer) => string | undefined

const is = (status: number, test: (body: any) => boolean = () => true): Check => (answer) =>
  answer.status === status && test(answer.body) ? undefined : `expected ${status}, got ${answer.status}: ${answer.text.slice(0, 200)}`

interface Kind {
  name: string
  weight: number
  request: (token: string) => { method: string, path: string, headers?: Record<string, string>, body?: string }
  check: Check
  /** The lane this request belongs to: scenarios switched on for it may shape its answer. */
  lane?: string
}

const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` })
const HN = '/hn-billing/customers/50499990001/invoices?invoiceNumber=000-001-01-00012345&invoiceDate=2026-10-01&type=SUMMARY&typeResult=PDF'
const BO = '/bo-billing/customers/CLIENT_NUMBER/70000001/bills?contractNumber=80000001'
const MASSTACK = '/masstack/v2/orgs/telco/accounts/214748364/invoices'
const BILLINGDATA = '/billingdata/api/v1.0/billingdata'
const FILES = `/invoice-files/api/v2/customer/${OWN}/download-invoices`

const normal = {
  hn: is(200, (body) => typeof body.invoice === 'string' && body.invoice.length > 1000),
  bo: is(200, (body) => Array.isArray(body.invoiceCollection) && body.invoiceCollection.length === 10),
  masstack: is(200, (body) => Array.isArray(body.invoices) && body.invoices.length === 22),
  billingdata: is(200, (body) => Array.isArray(body.Datos) && body.Datos.length === 10),
  files: is(200, (body) => typeof body.content?.[0]?.attachmentData === 'string')
}

const KINDS: Kind[] = [
  { name: 'hn-billing PDF', weight: 6, request: (t) => ({ method: 'POST', path: HN, headers: bearer(t) }), check: normal.hn },
  { name: 'bo-billing bills', weight: 6, request: (t) => ({ method: 'GET', path: BO, headers: bearer(t) }), check: normal.bo },
  { name: 'masstack invoices', weight: 6, request: () => ({ method: 'GET', path: MASSTACK, headers: { 'x-auth-roles': 'API_KEY' } }), check: normal.masstack },
  { name: 'billingdata page', weight: 6, request: (t) => ({ method: 'GET', path: `${BILLINGDATA}?page=1&page_size=10`, headers: bearer(t) }), check: normal.billingdata },
  { name: 'invoice-files ZIP', weight: 6, request: (t) => ({ method: 'POST', path: FILES, headers: { ...bearer(t), 'content-type': 'application/json' }, body: '{}' }), check: normal.files },
  { name: 'oauth token', weight: 4, request: () => ({ method: 'POST', path: TOKEN_URL, headers: { authorization: BASIC } }), check: is(200, (body) => typeof body.access_token === 'string') },
  { name: 'oauth wrong secret', weight: 1, request: () => ({ method: 'POST', path: TOKEN_URL, headers: { authorization: `Basic ${Buffer.from('qa-client:nope').toString('base64')}` } }), check: is(401, (body) => body.error === 'invalid_client') },
  { name: 'Prefer: code=404', weight: 2, request: (t) => ({ method: 'GET', path: BO, headers: { ...bearer(t), prefer: 'code=404' } }), check: is(404, (body) => body.error?.code === '404') },
  { name: 'X-Mock-Scenario GLOBAL_1001', weight: 2, request: (t) => ({ method: 'POST', path: FILES, headers: { ...bearer(t), 'x-mock-scenario': 'GLOBAL_1001' } }), check: is(503, (body) => body.errorCode === 'GLOBAL_1001') },
  { name: 'X-Mock-Scenario masstack-404', weight: 2, request: () => ({ method: 'GET', path: MASSTACK, headers: { 'x-auth-roles': 'API_KEY', 'x-mock-scenario': 'masstack-404-org-not-found' } }), check: is(404, (body) => body.code === 404) },
  { name: 'bad page size', weight: 2, request: (t) => ({ method: 'GET', path: `${BO}&quantity=0`, headers: bearer(t) }), check: is(400, (body) => /quantity/.test(body.error?.description)) },
  { name: 'no token', weight: 2, request: () => ({ method: 'GET', path: BILLINGDATA }), check: is(401, (body) => body.status === 'error') },
  { name: 'unknown path', weight: 1, request: (t) => ({ method: 'GET', path: '/invoice-files/api/v3/nothing', headers: bearer(t) }), check: is(404, (body) => body.errorCode === 'GLOBAL_1004') },
  { name: 'wrong method', weight: 1, request: () => ({ method: 'DELETE', path: MASSTACK, headers: { 'x-auth-roles': 'API_KEY' } }), check: is(405) },
  { name: 'bad path encoding', weight: 1, request: (t) => ({ method: 'POST', path: '/invoice-files/api/v2/customer/%zz/download-invoices', headers: bearer(t) }), check: is(400, (body) => body.errorCode === 'GLOBAL_1000') },
  { name: 'body over the limit', weight: 1, request: (t) => ({ method: 'POST', path: FILES, headers: { ...bearer(t), 'content-type': 'application/json' }, body: JSON.stringify({ id: ['x'.repeat(70_000)] }) }), check: is(413, (body) => body.errorCode === 'GLOBAL_1011') },
  { name: 'URL over the limit', weight: 1, request: () => ({ method: 'GET', path: `${MASSTACK}?pad=${'x'.repeat(8200)}`, headers: { 'x-auth-roles': 'API_KEY' } }), check: is(414, (body) => body.code === 414) },
  // Lanes: requests the controller's activations may target (match: {headers: {x-soak-lane}}).
  { name: 'lane masstack', weight: 4, lane: 'masstack', request: () => ({ method: 'GET', path: MASSTACK, headers: { 'x-auth-roles': 'API_KEY', 'x-soak-lane': 'masstack' } }), check: normal.masstack },
  { name: 'lane invoice-files', weight: 4, lane: 'invoice-files', request: (t) => ({ method: 'POST', path: FILES, headers: { ...bearer(t), 'content-type': 'application/json', 'x-soak-lane': 'invoice-files' }, body: '{}' }), check: normal.files },
  { name: 'lane billingdata', weight: 4, lane: 'billingdata', request: (t) => ({ method: 'GET', path: `${BILLINGDATA}?page=1&page_size=10`, headers: { ...bearer(t), 'x-soak-lane': 'billingdata' } }), check: normal.billingdata }
]

/** Scenarios the controller switches on for a lane, and what a lane request then gets (undefined check: the connection breaks). */
const LANE_SCENARIOS: Record<string, Array<{ scenario: string, check?: Check }>> = {
  masstack: [
    { scenario: 'masstack-404-account-not-found', check: is(404, (body) => body.message === 'Account not found.') },
    { scenario: 'empty', check: is(200, (body) => Array.isArray(body.invoices) && body.invoices.length === 0) },
    { scenario: 'masstack-405', check: is(405) },
    { scenario: 'connection-reset' }
  ],
  'invoice-files': [
    { scenario: 'invoice-files-global-1001', check: is(503, (body) => body.errorCode === 'GLOBAL_1001') },
    { scenario: 'invoice-files-customer-1006', check: is(500, (body) => body.errorCode === 'CUSTOMER_1006') },
    { scenario: 'empty-reply' }
  ],
  billingdata: [
    { scenario: 'billingdata-401', check: is(401, (body) => body.status === 'error') },
    { scenario: 'expired-token', check: is(401, (body) => /expired/.test(body.message)) },
    { scenario: 'empty', check: is(200, (body) => body.page_size === 0) }
  ]
}

/** When a lane's scenario was on: from its activation until its deactivation answered. */
interface Window { lane: string, scenario: string, from: number, to: number }

// --- the run -----------------------------------------------------------------------------------------------

interface Stats {
  requests: number
  byKind: Record<string, number>
  unexpected: number
  examples: string[]
  switches: number
  reloads: number
  rss: number[]
  journal: Array<{ total: number, capacity: number }>
}

async function run (): Promise<{ stats: Stats, serverErrors: number, durationS: number }> {
  const server = await startServer()
  const pid = server.child.pid ?? 0
  const stats: Stats = { requests: 0, byKind: {}, unexpected: 0, examples: [], switches: 0, reloads: 0, rss: [], journal: [] }
  const windows: Window[] = []
  const unexpected = (what: string): void => {
    stats.unexpected++
    if (stats.examples.length < 10) stats.examples.push(what)
  }
  const admin = async (method: string, path: string, body?: unknown): Promise<Answer> => {
    const res = await fetch(`${server.base}/__admin${path}`, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) })
    const text = await res.text()
    return { status: res.status, text, body: text === '' ? undefined : JSON.parse(text) }
  }
  const tokenRes = await fetch(`${server.base}${TOKEN_URL}`, { method: 'POST', headers: { authorization: BASIC } })
  const token = (await tokenRes.json() as { access_token: string }).access_token

  const totalWeight = KINDS.reduce((sum, kind) => sum + kind.weight, 0)
  const pick = (): Kind => {
    let at = Math.random() * totalWeight
    for (const kind of KINDS) if ((at -= kind.weight) < 0) return kind
    return KINDS[0] as Kind
  }

  const started = Date.now()
  const deadline = started + minutes * 60_000

  const client = async (): Promise<void> => {
    while (Date.now() < deadline) {
      const kind = pick()
      const { method, path, headers, body } = kind.request(token)
      const sent = Date.now()
      let answer: Answer | undefined
      let failure: string | undefined
      try {
        const res = await fetch(`${server.base}${path}`, { method, headers, body })
        const text = await res.text()
        let parsed: unknown
        try { parsed = text === '' ? undefined : JSON.parse(text) } catch { parsed = undefined }
        answer = { status: res.status, text, body: parsed }
      } catch (err) {
        failure = `${(err as Error).message} (${String((err as { cause?: { code?: string } }).cause?.code ?? '')})`
      }
      stats.requests++
      stats.byKind[kind.name] = (stats.byKind[kind.name] ?? 0) + 1
      const received = Date.now()
      const problem = answer === undefined ? failure : kind.check(answer)
      if (problem === undefined) continue
      // A lane request may also get the answer of any scenario that was on for its lane while it was in flight.
      const possible = kind.lane === undefined
        ? []
        : windows.filter((window) => window.lane === kind.lane && window.from <= received && window.to >= sent)
          .map((window) => LANE_SCENARIOS[kind.lane ?? '']?.find((candidate) => candidate.scenario === window.scenario))
      const explained = possible.some((scenario) => scenario !== undefined && (scenario.check === undefined ? answer === undefined : answer !== undefined && scenario.check(answer) === undefined))
      if (!explained) unexpected(`${kind.name}: ${method} ${path.slice(0, 100)} → ${problem}`)
    }
  }

  // Scenario switches: every ~1.5 s one lane gets a scenario for 0.5–3 s (sometimes only for its next few requests).
  const switcher = async (): Promise<void> => {
    while (Date.now() < deadline) {
      const lanes = Object.keys(LANE_SCENARIOS)
      const lane = lanes[Math.floor(Math.random() * lanes.length)] ?? 'masstack'
      const choices = LANE_SCENARIOS[lane] ?? []
      const { scenario } = choices[Math.floor(Math.random() * choices.length)] ?? { scenario: 'empty' }
      const window: Window = { lane, scenario, from: Date.now(), to: Number.POSITIVE_INFINITY }
      windows.push(window)
      const times = Math.random() < 0.3 ? { times: 1 + Math.floor(Math.random() * 5) } : {}
      const on = Math.random() < 0.5
        ? await admin('POST', `/scenarios/${scenario}/activate`, { api: lane, ...times, match: { headers: { 'x-soak-lane': lane } } })
        : await admin('POST', '/activations', { scenario, api: lane, ...times, match: { headers: { 'x-soak-lane': lane } } })
      if (on.status !== 201) unexpected(`activate ${scenario} for ${lane} → ${on.status}: ${on.text.slice(0, 200)}`)
      stats.switches++
      await sleep(500 + Math.random() * 2500)
      const off = Math.random() < 0.5 ? await admin('DELETE', `/activations/${String(on.body?.id)}`) : await admin('POST', `/scenarios/${scenario}/deactivate`)
      // 404: an activation with `times` that had run out already.
      if (off.status !== 204 && off.status !== 200 && off.status !== 404) unexpected(`deactivate ${scenario} → ${off.status}: ${off.text.slice(0, 200)}`)
      window.to = Date.now()
      await sleep(200 + Math.random() * 1300)
    }
  }

  // Fixture reloads every ~10 s; samples of RSS and the journal every 5 s.
  const housekeeper = async (): Promise<void> => {
    let tick = 0
    while (Date.now() < deadline) {
      await sleep(5000)
      tick++
      stats.rss.push(rssMb(pid))
      const journal = await admin('GET', '/requests?limit=1')
      if (journal.status !== 200) unexpected(`GET /__admin/requests → ${journal.status}`)
      else stats.journal.push({ total: journal.body.total, capacity: journal.body.capacity })
      if (tick % 2 === 0) {
        const reload = await admin('POST', '/fixtures/reload')
        if (reload.status !== 200) unexpected(`POST /__admin/fixtures/reload → ${reload.status}: ${reload.text.slice(0, 200)}`)
        stats.reloads++
      }
      if (!flags.json) process.stderr.write(`\r${Math.round((Date.now() - started) / 1000)} s: ${stats.requests} requests, ${stats.unexpected} unexpected, RSS ${stats.rss.at(-1)?.toFixed(0) ?? '?'} MB   `)
    }
  }

  await Promise.all([...Array.from({ length: connections }, client), switcher(), housekeeper()])
  stats.rss.push(rssMb(pid))
  const last = await admin('GET', '/requests?limit=1')
  stats.journal.push({ total: last.body.total, capacity: last.body.capacity })
  const durationS = (Date.now() - started) / 1000
  const exited = new Promise((resolve) => server.child.once('exit', resolve))
  server.child.kill('SIGTERM')
  await exited
  // The server logs every unexpected failure at error level (50): there should be none either.
  const serverErrors = server.output().split('\n').filter((line) => line.includes('"level":50')).length
  if (!flags.json) process.stderr.write('\n')
  return { stats, serverErrors, durationS }
}

const { stats, serverErrors, durationS } = await run()
const rssStart = stats.rss[0] ?? Number.NaN
// Samples come every 5 s: the one at a fifth of the run (at most a minute in) is past the warm-up (JIT, caches).
const rssWarm = stats.rss[Math.min(12, Math.floor(stats.rss.length / 5))] ?? Number.NaN
const rssEnd = stats.rss.at(-1) ?? Number.NaN
const journalMax = Math.max(...stats.journal.map((sample) => sample.total))
const capacity = stats.journal.at(-1)?.capacity ?? 0
const report = {
  node: process.version,
  minutes,
  connections,
  requests: stats.requests,
  requestsPerSecond: Math.round(stats.requests / durationS),
  byKind: stats.byKind,
  unexpectedErrors: stats.unexpected,
  examples: stats.examples,
  serverErrorLogLines: serverErrors,
  scenarioSwitches: stats.switches,
  fixtureReloads: stats.reloads,
  journal: { final: stats.journal.at(-1)?.total ?? 0, max: journalMax, capacity },
  rssMb: { start: Math.round(rssStart), afterWarmup: Math.round(rssWarm), end: Math.round(rssEnd), max: Math.round(Math.max(...stats.rss)) }
}
if (flags.json) {
  console.log(JSON.stringify(report, null, 2))
} else {
  console.log(`billing-mocks soak, Node ${process.version}: ${minutes} min, ${connections} connections`)
  console.log(`requests            ${stats.requests} (${report.requestsPerSecond}/s)`)
  for (const [kind, count] of Object.entries(stats.byKind).sort((a, b) => b[1] - a[1])) console.log(`  ${kind.padEnd(30)} ${count}`)
  console.log(`unexpected errors   ${stats.unexpected}${stats.examples.map((example) => `\n  ${example}`).join('')}`)
  console.log(`server error logs   ${serverErrors}`)
  console.log(`scenario switches   ${stats.switches}, fixture reloads ${stats.reloads}`)
  console.log(`journal             ${report.journal.final} entries at the end, ${journalMax} at most (capacity ${capacity})`)
  console.log(`RSS                 ${report.rssMb.start} MB at the start (first 5 s), ${report.rssMb.afterWarmup} MB after the warm-up, ${report.rssMb.end} MB at the end, ${report.rssMb.max} MB at most`)
}
if (stats.unexpected > 0 || serverErrors > 0 || journalMax > capacity) process.exitCode = 1
