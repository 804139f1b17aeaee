/**
 * A normal request's time while the admin API is flooded with activations: the median of 2,000 requests to
 * each of three APIs before, then after 20,000 activation attempts (each for another run header, so none
 * applies to the measured requests; LIMITS.activations of them are taken, the rest refused with 409).
 * Through the real HTTP server on loopback, with replay off so every request takes the full path.
 *
 *   npm run bench:activations
 *
 * Not part of `npm test`: timings depend on the machine.
 */
import { performance } from 'node:perf_hooks'
import { buildApp } from '../src/app.js'

const ATTEMPTS = 20_000
const REQUESTS = 2_000

const app = await buildApp({ port: 0, logLevel: 'silent', replay: false })
const base = await app.listen({ host: '127.0.0.1', port: 0 })
const token = (await (await fetch(`${base}/oauth/client_credential/accesstoken?grant_type=client_credentials`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from('qa-client:qa-secret').toString('base64')}` } })).json() as { access_token: string }).access_token
const targets: Array<{ name: string, url: string, headers: Record<string, string> }> = [
  { name: 'masstack', url: `${base}/masstack/v2/orgs/telco/accounts/214748364/invoices`, headers: { 'x-auth-roles': 'API_KEY' } },
  { name: 'bo-billing', url: `${base}/bo-billing/customers/CLIENT_NUMBER/70000001/bills?contractNumber=80000001`, headers: { authorization: `Bearer ${token}` } },
  { name: 'billingdata', url: `${base}/billingdata/api/v1.0/billingdata`, headers: { authorization: `Bearer ${token}` } }
]

async function medianMs (url: string, headers: Record<string, string>): Promise<number> {
  const times: number[] = []
  for (let index = 0; index < REQUESTS; index++) {
    const start = performance.now()
    const res = await fetch(url, { headers })
    await res.arrayBuffer()
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`)
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)] ?? 0
}

const before: number[] = []
for (const target of targets) before.push(await medianMs(target.url, target.headers))
const statuses = new Map<number, number>()
const floodStart = performance.now()
const scenarios = ['GLOBAL_1001', 'slow', 'empty', 'expired-token']
for (let index = 0; index < ATTEMPTS; index++) {
  const api = ['invoice-files', 'masstack', 'bo-billing', 'billingdata'][index % 4]
  const res = await fetch(`${base}/__admin/activations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ scenario: scenarios[index % 4], api, match: { headers: { 'x-run': `run-${index}` } } })
  })
  await res.arrayBuffer()
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
}
const floodSeconds = (performance.now() - floodStart) / 1000
const after: number[] = []
for (const target of targets) after.push(await medianMs(target.url, target.headers))
const listing = await (await fetch(`${base}/__admin/scenarios`)).arrayBuffer()
await app.close()

console.log(`${ATTEMPTS} activation attempts in ${floodSeconds.toFixed(1)} s: ${[...statuses].map(([status, count]) => `${count} × ${status}`).join(', ')}`)
console.log(`GET /__admin/scenarios afterwards: ${(listing.byteLength / 1024).toFixed(0)} KB; RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`)
console.log('| endpoint | median before (ms) | median after (ms) |')
console.log('|---|---:|---:|')
for (const [index, target] of targets.entries()) console.log(`| ${target.name} | ${(before[index] ?? 0).toFixed(2)} | ${(after[index] ?? 0).toFixed(2)} |`)
