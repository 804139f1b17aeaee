/**
 * Graceful shutdown of the real CLI: on SIGTERM (a container stop) or SIGINT (Ctrl-C) the server stops
 * accepting connections, finishes the request in flight with its full answer, and exits 0.
 */
import { once } from 'node:events'
import { connect } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { startServerProcess } from '../helpers/spawn.js'

const bin = new URL('../../bin/billing-mocks.js', import.meta.url).pathname
const INVOICES = '/masstack/v2/orgs/telco/accounts/214748364/invoices'

/** Resolves once `condition` holds, checking every few milliseconds; rejects after `within` ms. */
async function until (condition: () => boolean, what: string, within = 10_000): Promise<void> {
  for (const start = Date.now(); !condition(); await sleep(10)) {
    if (Date.now() - start > within) throw new Error(`Gave up waiting for ${what}.`)
  }
}

/** Whether a new TCP connection to the server is refused right now. */
async function refusesConnections (baseUrl: string): Promise<boolean> {
  const { hostname, port } = new URL(baseUrl)
  return await new Promise((resolve) => {
    const socket = connect(Number(port), hostname)
    socket.once('connect', () => { socket.destroy(); resolve(false) })
    socket.once('error', () => { resolve(true) })
  })
}

describe('billing-mocks start, stopped by a signal', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('on %s refuses new connections, finishes the request in flight and exits 0', async (signal) => {
    const server = await startServerProcess(['node', bin, 'start', '--port', '0', '--log-level', 'info'])
    let answered = false
    // `slow`: the normal answer, 2 s late — in flight while the signal arrives.
    const slow = fetch(`${server.baseUrl}${INVOICES}`, { headers: { 'x-mock-scenario': 'slow', 'x-auth-roles': 'API_KEY' } })
      .then(async (res) => ({ status: res.status, body: await res.json() as { invoices: unknown[] } }))
      .finally(() => { answered = true })
    await until(() => /incoming request/.test(server.output()) && server.output().includes(INVOICES), 'the slow request to arrive')

    const exited = once(server.child, 'exit')
    server.child.kill(signal)
    let refusedWhileInFlight = false
    for (let tries = 0; tries < 200; tries++) {
      if (answered) break
      if (await refusesConnections(server.baseUrl)) {
        refusedWhileInFlight = !answered
        break
      }
      await sleep(10)
    }
    const answer = await slow
    const [code] = await exited

    expect(refusedWhileInFlight).toBe(true)
    expect(answer.status).toBe(200)
    expect(answer.body.invoices).toHaveLength(22)
    expect(code).toBe(0)
  })
})
