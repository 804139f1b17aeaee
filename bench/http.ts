/**
 * HTTP throughput of the running mock server against a bare Fastify baseline, measured with autocannon.
 *
 * Everything runs in child processes: the real server (`bin/billing-mocks.js start --port 0`, with
 * bench/fixtures/five-invoices.yaml for the 5-invoice ZIP), the baseline (bench/baseline-server.ts: one bare
 * route per answer size, each sending a precomputed JSON string as long as an endpoint's answer, and sent the
 * endpoint's own request: method, headers, body) and every autocannon run. Where `taskset` works, the servers are pinned to CPU 0 and autocannon to CPU 1, so the load
 * generator does not steal the server's core. Each target is warmed up once (caches filled: the file
 * endpoints are measured from the cache; `npm run bench:documents` measures rendering cold), then all
 * targets are measured in round-robin rounds, each endpoint right after its baseline, so a slow drift of the
 * machine spreads over all of them instead of landing on one; an endpoint's ratio is the median of its
 * rounds' ratios. Then the server's RSS after `--memory-seconds` of sustained load, and the time
 * from spawning a fresh server to its first 200, `--startups` times.
 *
 *   npm run bench                                   # table, 3 rounds × 5 s per target, 50 connections
 *   npm run bench -- --duration 3 --connections 10  # shorter runs, fewer connections
 *   npm run bench -- --memory-seconds 0 --startups 0  # throughput only
 *   npm run bench -- --mock-args="--journal-size 0"  # the server with other options
 *   npm run bench -- --json                         # JSON
 *   npm run bench -- --redis off                    # without the --state redis row
 *
 * The row "masstack, --state redis" is a second server sharing its state through a real redis-server
 * (started on a free port when Debian's package is installed, or `--redis redis://…`), with no activation
 * on; its ratio is to the same endpoint of the server in memory mode, measured right before it.
 *
 * Not part of `npm test`: numbers depend on the machine.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import { availableParallelism, cpus } from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '1' },
    'memory-seconds': { type: 'string', default: '60' },
    startups: { type: 'string', default: '5' },
    'mock-args': { type: 'string', default: '' },
    redis: { type: 'string', default: 'auto' },
    json: { type: 'boolean', default: false }
  }
})

/** A positive number from a flag, or an error that names the flag. */
function positive (name: string, value: string, integer: boolean): number {
  const number = Number(value)
  if (!(number > 0) || (integer && !Number.isInteger(number))) {
    throw new Error(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got "${value}".`)
  }
  return number
}

const duration = positive('duration', flags.duration, true)
const connections = positive('connections', flags.connections, true)
const rounds = positive('rounds', flags.rounds, true)
const warmup = positive('warmup', flags.warmup, true)
const memorySeconds = Number(flags['memory-seconds'])
const startupCount = Number(flags.startups)
if (!Number.isInteger(memorySeconds) || memorySeconds < 0) throw new Error(`--memory-seconds must be a whole number of seconds (0 skips it), got "${flags['memory-seconds']}".`)
if (!Number.isInteger(startupCount) || startupCount < 0) throw new Error(`--startups must be a whole number (0 skips it), got "${flags.startups}".`)

const root = fileURLToPath(new URL('../../', import.meta.url))
const autocannonBin = createRequire(import.meta.url).resolve('autocannon/autocannon.js')
const baselineScript = fileURLToPath(new URL('./baseline-server.js', import.meta.url))

/** One endpoint under load: what autocannon sends. */
interface Target {
  name: string
  method: 'GET' | 'POST'
  url: string
  headers: Record<string, string>
  body?: string
  /** Size of one answer, read once before the runs. */
  bytes?: number
  /** The bare route answering as many bytes, this target's yardstick. */
  baseline?: Target
}

/** One autocannon run, from its `--json` output. */
interface Run {
  requestsPerSecond: number
  p50: number
  p99: number
  errors: number
  timeouts: number
  non2xx: number
}

interface Result {
  target: string
  method: string
  path: string
  bytes: number
  /** Median over the rounds; `min`/`max` show how much the rounds disagreed. */
  requestsPerSecond: number
  requestsPerSecondMin: number
  requestsPerSecondMax: number
  p50Ms: number
  p99Ms: number
  errors: number
  non2xx: number
  ratioToBaseline: number
  rounds: Run[]
}

interface Memory {
  seconds: number
  requests: number
  rssBeforeMb: number | undefined
  rssAfterMb: number | undefined
}

interface Report {
  results: Result[]
  memory: Memory | undefined
  startupMs: number[]
}

// --- CPU pinning -------------------------------------------------------------------------------------------

/** `taskset -c <cpu>` when it can pin to both CPU 0 and CPU 1 here, else nothing. */
const pinning = ((): { server: string[], load: string[], note: string } => {
  const unpinned = (why: string) => ({ server: [], load: [], note: `not pinned: ${why}` })
  if (availableParallelism() < 2) return unpinned(`only ${availableParallelism()} CPU available`)
  if (spawnSync('which', ['taskset']).status !== 0) return unpinned('taskset not found')
  if (spawnSync('taskset', ['-c', '0,1', 'true']).status !== 0) return unpinned('taskset -c 0,1 failed (CPUs not allowed here?)')
  return { server: ['taskset', '-c', '0'], load: ['taskset', '-c', '1'], note: 'servers pinned to CPU 0, autocannon to CPU 1 (taskset)' }
})()

/** Spawns `node <args>`, prefixed by `pin` (taskset) when pinning works. */
function spawnNode (pin: string[], args: string[]): ChildProcess {
  const [command, ...rest] = [...pin, process.execPath, ...args]
  return spawn(command ?? process.execPath, rest, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
}

// --- servers -----------------------------------------------------------------------------------------------

const children: ChildProcess[] = []
function stopChildren (): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
}
process.on('exit', stopChildren)
process.on('SIGINT', () => { stopChildren(); process.exit(130) })

/** Starts a server in a child process and resolves with the first `http://…` address it prints. */
async function startServer (name: string, args: string[]): Promise<{ child: ChildProcess, address: string }> {
  const child = spawnNode(pinning.server, args)
  children.push(child)
  let output = ''
  return await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} printed no address within 30 s. It said:\n${output}`)), 30_000)
    const read = (chunk: Buffer): void => {
      output += chunk.toString()
      const address = /listening on (http:\/\/\S+)/.exec(output)?.[1]
      if (address !== undefined) { clearTimeout(timer); resolve({ child, address }) }
    }
    child.stdout?.on('data', read)
    child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString() })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${name} exited (code ${String(code)}) before listening. Is dist/ built (npm run build)? It said:\n${output}`))
    })
  })
}

/** Sends the target's request once; fails unless it answers 2xx. Returns the answer's size in bytes. */
async function probe (target: Target): Promise<number> {
  const response = await fetch(target.url, { method: target.method, headers: target.headers, body: target.body })
  const body = Buffer.from(await response.arrayBuffer())
  if (!response.ok) {
    throw new Error(`${target.name}: ${target.method} ${target.url} answered ${response.status}, not 2xx, so its numbers would be meaningless. Body: ${body.toString().slice(0, 300)}`)
  }
  return body.length
}

// --- load --------------------------------------------------------------------------------------------------

/** Runs autocannon in its own (pinned) child process against one target for `seconds`. */
async function autocannon (target: Target, seconds: number, connectionCount: number): Promise<Run> {
  const args = [autocannonBin, '--json', '-c', String(connectionCount), '-d', String(seconds), '-m', target.method]
  for (const [key, value] of Object.entries(target.headers)) args.push('-H', `${key}:${value}`)
  if (target.body !== undefined) args.push('-b', target.body)
  args.push(target.url)
  const child = spawnNode(pinning.load, args)
  children.push(child)
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => { stdout += chunk.toString() })
  child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  children.splice(children.indexOf(child), 1)
  if (code !== 0) throw new Error(`autocannon on ${target.name} exited with code ${String(code)}:\n${stderr}`)
  const result = JSON.parse(stdout) as {
    duration: number
    requests: { total: number }
    latency: { p50: number, p99: number }
    errors: number
    timeouts: number
    non2xx: number
  }
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx
  }
}

function median (numbers: number[]): number {
  const sorted = [...numbers].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] ?? 0 : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}

// --- main --------------------------------------------------------------------------------------------------

/** The mock as the bench runs it: default fixtures plus a customer with five invoices (the 5-invoice ZIP). */
const MOCK_ARGS = ['bin/billing-mocks.js', 'start', '--port', '0', '--log-level', 'silent', '--fixtures', 'fixtures/default.yaml', 'fixtures/qa-scenarios.yaml', 'bench/fixtures/five-invoices.yaml',
  // e.g. --mock-args="--journal-size 0"
  ...flags['mock-args'].split(' ').filter((arg) => arg !== '')]

/** A redis-server for the `--state redis` row: `--redis <url>`, else Debian's redis-server on a free port; none with `--redis off` or without it. */
async function redisUrl (): Promise<string | undefined> {
  if (flags.redis === 'off') return undefined
  if (flags.redis !== 'auto') return flags.redis
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    process.stderr.write('no redis-server found (apt-get install -y redis-server): the --state redis row is left out\n')
    return undefined
  }
  const port = 46_379
  // On the load generator's CPU, not the server's: in a deployment Redis runs on a machine of its own.
  const [command = 'redis-server', ...args] = [...pinning.load, 'redis-server', '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  await new Promise<void>((resolve, reject) => {
    let output = ''
    child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString(); if (output.includes('Ready to accept connections')) resolve() })
    child.on('exit', (code) => { reject(new Error(`redis-server exited (code ${String(code)}): ${output}`)) })
  })
  return `redis://127.0.0.1:${port}`
}

async function targets (): Promise<{ mock: ChildProcess, baselines: Target[], measured: Target[] }> {
  const mock = await startServer('billing-mocks', MOCK_ARGS)
  const redis = await redisUrl()
  const shared = redis === undefined ? undefined : await startServer('billing-mocks --state redis', [...MOCK_ARGS, '--state', redis, '--state-prefix', `bench-${process.pid}`])
  const tokenTarget: Target = {
    name: 'oauth token',
    method: 'POST',
    url: `${mock.address}/oauth/client_credential/accesstoken?grant_type=client_credentials`,
    headers: { authorization: `Basic ${Buffer.from('qa-client:qa-secret').toString('base64')}` }
  }
  const tokenResponse = await fetch(tokenTarget.url, { method: 'POST', headers: tokenTarget.headers })
  const token = (await tokenResponse.json() as { access_token?: string }).access_token
  if (!tokenResponse.ok || token === undefined) throw new Error(`The token endpoint answered ${tokenResponse.status} without an access_token; check the qa-client credentials in fixtures/default.yaml.`)
  const bearer = { authorization: `Bearer ${token}` }

  const measured: Target[] = [
    { name: 'hn-billing (one PDF)', method: 'POST', url: `${mock.address}/hn-billing/customers/50499990001/invoices?invoiceNumber=000-001-01-00012345&invoiceDate=2026-10-01&type=SUMMARY&typeResult=PDF`, headers: bearer },
    { name: 'bo-billing', method: 'GET', url: `${mock.address}/bo-billing/customers/CLIENT_NUMBER/70000001/bills?contractNumber=80000001`, headers: bearer },
    { name: 'masstack', method: 'GET', url: `${mock.address}/masstack/v2/orgs/telco/accounts/214748364/invoices`, headers: { ...bearer, 'x-auth-roles': 'API_KEY' } },
    { name: 'billingdata', method: 'GET', url: `${mock.address}/billingdata/api/v1.0/billingdata`, headers: bearer },
    { name: 'invoice-files (5-invoice ZIP)', method: 'POST', url: `${mock.address}/invoice-files/api/v2/customer/55555555-5555-4555-8555-555555555555/download-invoices`, headers: { ...bearer, 'content-type': 'application/json' }, body: '{}' },
    tokenTarget
  ]
  for (const target of measured) target.bytes = await probe(target)
  // Right after masstack in memory mode, against which it is measured.
  const masstack = measured[2] as Target
  const sharedTarget: Target | undefined = shared === undefined ? undefined : { ...masstack, name: 'masstack, --state redis (vs memory)', url: masstack.url.replace(mock.address, shared.address), baseline: masstack }
  if (sharedTarget !== undefined) sharedTarget.bytes = await probe(sharedTarget)

  // One baseline per endpoint: a bare route sending as many bytes, sent the same request (method, headers,
  // body), so that both pay the same for reading it.
  const sizes = [...new Set(measured.map((target) => target.bytes ?? 0))]
  const baseline = await startServer('baseline', [baselineScript, ...sizes.map(String)])
  const baselines = measured.map((target): Target => ({
    name: `baseline ${target.bytes ?? 0} B ${target.method}`,
    method: target.method,
    url: `${baseline.address}/${target.bytes ?? 0}`,
    headers: target.headers,
    ...(target.body === undefined ? {} : { body: target.body })
  }))
  for (const [index, target] of measured.entries()) {
    const yardstick = baselines[index] as Target
    yardstick.bytes = await probe(yardstick)
    target.baseline = yardstick
  }
  if (sharedTarget !== undefined) measured.splice(3, 0, sharedTarget)
  return { mock: mock.child, baselines, measured }
}

/**
 * `baseline`: the runs of the target's baseline, round by round. The ratio is the median of the rounds'
 * ratios: each round's target ran right after its baseline, on the machine as it was then.
 */
function summarise (target: Target, list: Run[], baseline: Run[] | undefined): Result {
  const rps = list.map((r) => r.requestsPerSecond)
  const requestsPerSecond = median(rps)
  const ratios = baseline === undefined ? [] : list.map((run, round) => run.requestsPerSecond / (baseline[round]?.requestsPerSecond ?? Number.NaN)).filter(Number.isFinite)
  return {
    target: target.name,
    method: target.method,
    path: new URL(target.url).pathname,
    bytes: target.bytes ?? 0,
    requestsPerSecond,
    requestsPerSecondMin: Math.min(...rps),
    requestsPerSecondMax: Math.max(...rps),
    p50Ms: median(list.map((r) => r.p50)),
    p99Ms: median(list.map((r) => r.p99)),
    errors: list.reduce((sum, r) => sum + r.errors + r.timeouts, 0),
    non2xx: list.reduce((sum, r) => sum + r.non2xx, 0),
    ratioToBaseline: ratios.length > 0 ? median(ratios) : 0,
    rounds: list
  }
}

/** Resident memory of a process, in MB, from /proc (Linux); undefined elsewhere. */
function rssMb (pid: number | undefined): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${String(pid)}/status`, 'utf8'))?.[1]
    return kb === undefined ? undefined : Math.round(Number(kb) / 1024)
  } catch {
    return undefined
  }
}

/** Sustained load on every endpoint in turn for `seconds` in all; the server's RSS before and after. */
async function memory (mock: ChildProcess, measured: Target[], seconds: number): Promise<Memory> {
  const before = rssMb(mock.pid)
  const slice = Math.max(1, Math.round(seconds / measured.length))
  let requests = 0
  for (let elapsed = 0, index = 0; elapsed < seconds; elapsed += slice, index++) {
    const target = measured[index % measured.length] as Target
    const run = await autocannon(target, slice, connections)
    requests += Math.round(run.requestsPerSecond * slice)
  }
  return { seconds, requests, rssBeforeMb: before, rssAfterMb: rssMb(mock.pid) }
}

/** Time from spawning the server to its first 200 (GET /health), `count` times, each a fresh process. */
async function startups (count: number): Promise<number[]> {
  const times: number[] = []
  for (let index = 0; index < count; index++) {
    const port = 4700 + index
    const started = performance.now()
    const child = spawnNode(pinning.server, ['bin/billing-mocks.js', 'start', '--port', String(port), '--log-level', 'silent'])
    children.push(child)
    for (;;) {
      if (child.exitCode !== null) throw new Error(`The server exited with code ${child.exitCode} while starting (port ${port} taken?).`)
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then((response) => response.status === 200, () => false)
      if (ok) break
      await sleep(5)
    }
    times.push(Math.round(performance.now() - started))
    child.kill('SIGTERM')
    await new Promise((resolve) => child.once('exit', resolve))
  }
  return times
}

async function run (): Promise<Report> {
  const { mock, baselines, measured } = await targets()
  // Each endpoint right after its baseline, so that both meet the machine in the same state.
  const all = [...new Set(measured.flatMap((target) => target.baseline === undefined ? [target] : [target.baseline, target]))]
  if (!flags.json) process.stderr.write(`${pinning.note}\nwarming up ${all.length} targets (${warmup} s each)…\n`)
  for (const target of all) await autocannon(target, warmup, Math.min(connections, 10))

  const runs = new Map<Target, Run[]>(all.map((target) => [target, []]))
  for (let round = 1; round <= rounds; round++) {
    if (!flags.json) process.stderr.write(`round ${round}/${rounds}: ${all.length} targets × ${duration} s\n`)
    for (const target of all) runs.get(target)?.push(await autocannon(target, duration, connections))
  }
  const results = [
    ...baselines.map((target) => summarise(target, runs.get(target) ?? [], undefined)),
    ...measured.map((target) => summarise(target, runs.get(target) ?? [], target.baseline === undefined ? undefined : runs.get(target.baseline)))
  ]

  let load: Memory | undefined
  if (memorySeconds > 0) {
    if (!flags.json) process.stderr.write(`memory: ${memorySeconds} s of load over the ${measured.length} endpoints…\n`)
    load = await memory(mock, measured, memorySeconds)
  }
  stopChildren()
  if (!flags.json && startupCount > 0) process.stderr.write(`start-up: ${startupCount} fresh servers…\n`)
  const startup = startupCount > 0 ? await startups(startupCount) : []
  return { results, memory: load, startupMs: startup }
}

function table (results: Result[]): string {
  const rows = [
    ['target', 'bytes', 'req/s', 'req/s range', 'p50 ms', 'p99 ms', 'errors', 'non-2xx', 'vs its baseline'],
    ...results.map((r) => [
      r.target, String(r.bytes), r.requestsPerSecond.toFixed(0),
      `${r.requestsPerSecondMin.toFixed(0)}–${r.requestsPerSecondMax.toFixed(0)}`,
      String(r.p50Ms), String(r.p99Ms), String(r.errors), String(r.non2xx), r.target.startsWith('baseline') ? '' : `${(r.ratioToBaseline * 100).toFixed(0)} %`
    ])
  ]
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? []
  return rows.map((row) => row.map((cell, column) => column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)).join('  ')).join('\n')
}

try {
  const report = await run()
  const setup = { node: process.version, cpus: availableParallelism(), cpuModel: cpus()[0]?.model ?? 'unknown', pinning: pinning.note, durationSeconds: duration, rounds, connections, warmupSeconds: warmup }
  if (flags.json) console.log(JSON.stringify({ ...setup, ...report }, null, 2))
  else {
    console.log(`billing-mocks HTTP, Node ${process.version}, ${availableParallelism()} CPUs (${setup.cpuModel}), ${pinning.note}`)
    console.log(`${rounds} rounds × ${duration} s per target (round-robin, each endpoint right after its baseline), ${connections} connections; req/s, p50 and p99 are medians over the rounds,`)
    console.log('"vs its baseline" the median of the rounds\' ratios to a bare route sent the same request (method, headers, body) and answering as many bytes\n')
    console.log(table(report.results))
    if (report.memory !== undefined) {
      const { seconds, requests, rssBeforeMb, rssAfterMb } = report.memory
      console.log(`\nmemory: RSS ${String(rssBeforeMb ?? '?')} MB before, ${String(rssAfterMb ?? '?')} MB after ${seconds} s of load (${requests} requests over the ${report.results.length - (report.results.filter((r) => r.target.startsWith('baseline')).length)} endpoints)`)
    }
    if (report.startupMs.length > 0) console.log(`start-up to the first 200 (GET /health): median ${median(report.startupMs)} ms (${report.startupMs.join(', ')} ms)`)
  }
} catch (err) {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exitCode = 1
} finally {
  stopChildren()
}
