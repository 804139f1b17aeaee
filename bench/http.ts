/**
 * HTTP throughput of the running mock server against a bare Fastify baseline, measured with autocannon.
 *
 * Everything runs in child processes: the real server (`bin/billing-mocks.js start --port 0`), the baseline
 * (bench/baseline-server.ts: one route answering a precomputed JSON string as long as the masstack answer)
 * and every autocannon run. Where `taskset` works, the servers are pinned to CPU 0 and autocannon to CPU 1,
 * so the load generator does not steal the server's core. Each target is warmed up once (caches filled),
 * then all targets are measured in round-robin rounds, so a slow drift of the machine spreads over all of
 * them instead of landing on one.
 *
 *   npm run bench                                   # table, 3 rounds × 5 s per target, 50 connections
 *   npm run bench -- --duration 3 --connections 10  # shorter runs, fewer connections
 *   npm run bench -- --json                         # JSON
 *
 * Not part of `npm test`: numbers depend on the machine.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '1' },
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
async function startServer (name: string, args: string[]): Promise<string> {
  const child = spawnNode(pinning.server, args)
  children.push(child)
  let output = ''
  return await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} printed no address within 30 s. It said:\n${output}`)), 30_000)
    const read = (chunk: Buffer): void => {
      output += chunk.toString()
      const address = /listening on (http:\/\/\S+)/.exec(output)?.[1]
      if (address !== undefined) { clearTimeout(timer); resolve(address) }
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

async function targets (): Promise<Target[]> {
  const mock = await startServer('billing-mocks', ['bin/billing-mocks.js', 'start', '--port', '0', '--log-level', 'silent'])
  const tokenTarget: Target = {
    name: 'oauth token',
    method: 'POST',
    url: `${mock}/oauth/client_credential/accesstoken?grant_type=client_credentials`,
    headers: { authorization: `Basic ${Buffer.from('qa-client:qa-secret').toString('base64')}` }
  }
  const tokenResponse = await fetch(tokenTarget.url, { method: 'POST', headers: tokenTarget.headers })
  const token = (await tokenResponse.json() as { access_token?: string }).access_token
  if (!tokenResponse.ok || token === undefined) throw new Error(`The token endpoint answered ${tokenResponse.status} without an access_token; check the qa-client credentials in fixtures/default.yaml.`)
  const bearer = { authorization: `Bearer ${token}` }

  const api: Target[] = [
    { name: 'hn-billing', method: 'POST', url: `${mock}/hn-billing/customers/50499990001/invoices?invoiceNumber=000-001-01-00012345&invoiceDate=2026-10-01&type=SUMMARY&typeResult=PDF`, headers: bearer },
    { name: 'bo-billing', method: 'GET', url: `${mock}/bo-billing/customers/CLIENT_NUMBER/70000001/bills?contractNumber=80000001`, headers: bearer },
    { name: 'masstack', method: 'GET', url: `${mock}/masstack/v2/orgs/telco/accounts/214748364/invoices`, headers: { ...bearer, 'x-auth-roles': 'API_KEY' } },
    { name: 'billingdata', method: 'GET', url: `${mock}/billingdata/api/v1.0/billingdata`, headers: bearer },
    { name: 'invoice-files', method: 'POST', url: `${mock}/invoice-files/api/v2/customer/11111111-1111-4111-8111-111111111111/download-invoices`, headers: { ...bearer, 'content-type': 'application/json' }, body: '{}' }
  ]
  for (const target of [...api, tokenTarget]) target.bytes = await probe(target)

  const masstackBytes = api.find((target) => target.name === 'masstack')?.bytes ?? 0
  const baselineAddress = await startServer('baseline', [baselineScript, String(masstackBytes)])
  const baseline: Target = { name: 'baseline (bare Fastify)', method: 'GET', url: `${baselineAddress}/`, headers: {} }
  baseline.bytes = await probe(baseline)
  return [baseline, ...api, tokenTarget]
}

async function run (): Promise<Result[]> {
  const all = await targets()
  if (!flags.json) process.stderr.write(`${pinning.note}\nwarming up ${all.length} targets (${warmup} s each)…\n`)
  for (const target of all) await autocannon(target, warmup, Math.min(connections, 10))

  const runs = new Map<Target, Run[]>(all.map((target) => [target, []]))
  for (let round = 1; round <= rounds; round++) {
    if (!flags.json) process.stderr.write(`round ${round}/${rounds}: ${all.length} targets × ${duration} s\n`)
    for (const target of all) runs.get(target)?.push(await autocannon(target, duration, connections))
  }
  stopChildren()

  const baselineRps = median(runs.get(all[0] as Target)?.map((r) => r.requestsPerSecond) ?? [])
  return all.map((target) => {
    const list = runs.get(target) ?? []
    const rps = list.map((r) => r.requestsPerSecond)
    const requestsPerSecond = median(rps)
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
      errors: list.reduce((sum, r) => sum + r.errors, 0),
      non2xx: list.reduce((sum, r) => sum + r.non2xx, 0),
      ratioToBaseline: baselineRps > 0 ? requestsPerSecond / baselineRps : 0,
      rounds: list
    }
  })
}

function table (results: Result[]): string {
  const rows = [
    ['target', 'bytes', 'req/s', 'req/s range', 'p50 ms', 'p99 ms', 'errors', 'non-2xx', 'vs baseline'],
    ...results.map((r) => [
      r.target, String(r.bytes), r.requestsPerSecond.toFixed(0),
      `${r.requestsPerSecondMin.toFixed(0)}–${r.requestsPerSecondMax.toFixed(0)}`,
      String(r.p50Ms), String(r.p99Ms), String(r.errors), String(r.non2xx), `${(r.ratioToBaseline * 100).toFixed(0)} %`
    ])
  ]
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? []
  return rows.map((row) => row.map((cell, column) => column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)).join('  ')).join('\n')
}

try {
  const results = await run()
  const setup = { node: process.version, cpus: availableParallelism(), pinning: pinning.note, durationSeconds: duration, rounds, connections, warmupSeconds: warmup }
  if (flags.json) console.log(JSON.stringify({ ...setup, results }, null, 2))
  else {
    console.log(`billing-mocks HTTP, Node ${process.version}, ${availableParallelism()} CPUs, ${pinning.note}`)
    console.log(`${rounds} rounds × ${duration} s per target (round-robin), ${connections} connections; req/s, p50 and p99 are medians over the rounds\n`)
    console.log(table(results))
  }
} catch (err) {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exitCode = 1
} finally {
  stopChildren()
}
