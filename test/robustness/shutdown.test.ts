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

  it('cuts off a request still in flight after --shutdown-grace, logs it, and exits 0', async () => {
    const server = await startServerProcess(['node', bin, 'start', '--port', '0', '--log-level', 'info', '--log-format', 'json', '--shutdown-grace', '0.5'])
    // `slow`: 2 s late, longer than the grace.
    const slow = fetch(`${server.baseUrl}${INVOICES}?cut=me`, { headers: { 'x-mock-scenario': 'slow', 'x-auth-roles': 'API_KEY' } }).then(() => 'answered', () => 'cut off')
    await until(() => server.output().includes('cut=me'), 'the slow request to arrive')

    const exited = once(server.child, 'exit')
    server.child.kill('SIGTERM')
    const [code] = await exited

    expect(await slow).toBe('cut off')
    expect(code).toBe(0)
    const cut = server.output().split('\n').filter((line) => line.includes('cut off a request')).map((line) => JSON.parse(line) as { level: number, method: string, url: string })
    expect(cut).toEqual([expect.objectContaining({ level: 40, method: 'GET', url: `${INVOICES}?cut=me` })])
  })
})

describe('a client that goes away while sending its body', () => {
  it('is logged at debug, never as an unexpected error, and gets no 500 attempted', async () => {
    const server = await startServerProcess(['node', bin, 'start', '--port', '0', '--log-level', 'debug', '--log-format', 'json'])
    const { port } = new URL(server.baseUrl)
    const token = await (await fetch(`${server.baseUrl}/oauth/client_credential/accesstoken?grant_type=client_credentials`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from('qa-client:qa-secret').toString('base64')}` } })).json() as { access_token: string }
    const halfBodies = [
      `POST /invoice-files/api/v2/customer/11111111-1111-4111-8111-111111111111/download-invoices HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token.access_token}\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"id":["aaaa`,
      'POST /oauth/client_credential/accesstoken?grant_type=client_credentials HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 200\r\n\r\nclient_id=qa',
      'POST /__admin/activations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"scenario":'
    ]

    for (const bytes of halfBodies) {
      const socket = connect(Number(port), '127.0.0.1')
      await once(socket, 'connect')
      socket.write(bytes)
      await sleep(100)
      socket.destroy()
    }
    await until(() => (server.output().match(/went away/g) ?? []).length >= halfBodies.length, 'three debug lines for the clients that went away')
    const health = await fetch(`${server.baseUrl}/health`)

    const lines = server.output().split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { level: number, msg: string })
    expect(lines.filter((line) => line.level >= 50)).toEqual([])
    expect(lines.filter((line) => line.msg.includes('went away')).map((line) => line.level)).toEqual([20, 20, 20])
    expect(health.status).toBe(200)
  })
})
