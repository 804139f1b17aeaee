/**
 * The security model (docs/limits-and-security.md): loopback by default, fixture folders that lend only
 * their own files, and logs without credentials at any level.
 */
import { once } from 'node:events'
import { symlinkSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { networkInterfaces } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app.js'
import { TOKEN_PATH } from '../../src/auth/token-endpoint.js'
import { DEFAULT_CONFIG, isLoopback } from '../../src/config.js'
import { LIMITS } from '../../src/engine/limits.js'
import { buildTestApp } from '../helpers/build-app.js'
import { startServerProcess } from '../helpers/spawn.js'
import { DEFAULT_FIXTURES, tempFixtures } from '../helpers/temp-fixtures.js'

const bin = new URL('../../bin/billing-mocks.js', import.meta.url).pathname

/** Whether a TCP connection to host:port is accepted. */
async function accepts (host: string, port: number): Promise<boolean> {
  return await new Promise((resolve) => {
    const socket = connect(port, host)
    socket.once('connect', () => { socket.destroy(); resolve(true) })
    socket.once('error', () => { resolve(false) })
  })
}

describe('the listening address', () => {
  it('is loopback by default: the mock answers on 127.0.0.1 and refuses the machine\'s other addresses', async () => {
    const { baseUrl } = await startServerProcess(['node', bin, 'start', '--port', '0', '--log-level', 'warn'])
    const port = Number(new URL(baseUrl).port)
    const others = Object.values(networkInterfaces()).flat().filter((address) => address !== undefined && !address.internal && address.family === 'IPv4')

    expect(isLoopback(DEFAULT_CONFIG.host)).toBe(true)
    expect(await accepts('127.0.0.1', port)).toBe(true)
    for (const other of others) expect(await accepts(other?.address ?? '', port)).toBe(false)
  })
})

describe('fixture folders', () => {
  it('refuse a link to a file outside the folder, naming the link and where it points', async () => {
    const outside = tempFixtures()
    const secret = outside.write('credentials.yaml', ['clients:', '  - clientId: stolen', '    clientSecret: do-not-read'])
    const folder = tempFixtures()
    symlinkSync(secret, join(folder.dir, 'evil.yaml'))

    const build = buildApp({ logLevel: 'silent', fixtures: [DEFAULT_FIXTURES, folder.dir] })

    await expect(build).rejects.toThrow(/evil\.yaml: it links to .*credentials\.yaml, outside the fixture folder/)
  })

  it('refuse a relative link that climbs out of the folder (../)', async () => {
    const folder = tempFixtures()
    writeFileSync(join(folder.dir, '..', `billing-mocks-outside-${process.pid}.yaml`), 'clients: []\n')
    symlinkSync(`../billing-mocks-outside-${process.pid}.yaml`, join(folder.dir, 'climb.yaml'))

    const build = buildApp({ logLevel: 'silent', fixtures: [DEFAULT_FIXTURES, folder.dir] })

    await expect(build).rejects.toThrow(/climb\.yaml: it links to .*outside the fixture folder/)
  })

  it('load a link to another file of the same folder', async () => {
    const folder = tempFixtures()
    const real = folder.write('a.yml', ['clients:', '  - clientId: linked', '    clientSecret: linked-secret'])
    symlinkSync(real, join(folder.dir, 'b.yaml'))

    const app = await buildTestApp({ fixtures: [DEFAULT_FIXTURES, folder.dir] })

    expect(app.mocks.current().clients.has('linked')).toBe(true)
  })

  it('keep the fixtures in force when a reload meets a link to outside, without showing the file', async () => {
    const outside = tempFixtures()
    const secret = outside.write('private.yaml', ['not: [valid fixtures, do-not-show-this-line]'])
    const folder = tempFixtures()
    folder.write('qa.yaml', ['clients:', '  - clientId: in-folder', '    clientSecret: s3cret-in-folder'])
    const app = await buildTestApp({ fixtures: [DEFAULT_FIXTURES, folder.dir] })
    symlinkSync(secret, join(folder.dir, 'z.yaml'))

    const res = await app.inject({ method: 'POST', url: '/__admin/fixtures/reload' })

    expect(res.statusCode).toBe(422)
    expect(res.json().message).toMatch(/outside the fixture folder/)
    expect(res.body).not.toContain('do-not-show-this-line')
    expect(app.mocks.current().clients.has('in-folder')).toBe(true)
  })
})

describe('the server log', () => {
  const ADMIN_TOKEN = 'admin-secret-123'
  const basic = `Basic ${Buffer.from('qa-client:qa-secret').toString('base64')}`

  it.each(['info', 'debug', 'trace'])('at %s never shows a token, a client secret, a cookie or the admin token', async (level) => {
    const server = await startServerProcess(['node', bin, 'start', '--port', '0', '--log-level', level, '--admin-token', ADMIN_TOKEN])
    const { baseUrl } = server
    const post = async (url: string, init: RequestInit = {}): Promise<Response> => await fetch(`${baseUrl}${url}`, { method: 'POST', ...init })

    const token = (await (await post(`${TOKEN_PATH}?grant_type=client_credentials`, { headers: { authorization: basic } })).json() as { access_token: string }).access_token
    await post(TOKEN_PATH, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials&client_id=qa-client&client_secret=qa-secret' })
    await post(`${TOKEN_PATH}?grant_type=client_credentials&client_id=qa-client&client_secret=secret-in-query`)
    await fetch(`${baseUrl}/masstack/v2/orgs/telco/accounts/214748364/invoices?access_token=${token}`, { headers: { 'x-auth-roles': 'API_KEY' } })
    await fetch(`${baseUrl}/bo-billing/customers/CLIENT_NUMBER/70000001/bills?contractNumber=80000001`, { headers: { authorization: `Bearer ${token}`, cookie: 'session=cookie-secret-1' } })
    await fetch(`${baseUrl}/masstack/v2/orgs/%zz/accounts/1/invoices?client_secret=secret-in-bad-url`)
    await fetch(`${baseUrl}/masstack/v2/orgs/telco/accounts/1/invoices?client_secret=secret-in-long-url&pad=${'x'.repeat(LIMITS.urlLength)}`)
    await fetch(`${baseUrl}/__admin/requests`, { headers: { 'x-admin-token': ADMIN_TOKEN } })
    await fetch(`${baseUrl}/__admin/requests`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
    await fetch(`${baseUrl}/__admin/requests`, { headers: { 'x-admin-token': 'admin-wrong-456' } })
    // Headers over the limit: Node's parser refuses them, and the refusal is logged at debug and trace.
    await fetch(`${baseUrl}/bo-billing/customers/CLIENT_NUMBER/70000001/bills`, { headers: { authorization: `Bearer ${token}`, 'x-padding': 'p'.repeat(LIMITS.headerBytes) } }).catch(() => undefined)
    const exited = once(server.child, 'exit')
    server.child.kill('SIGTERM')
    await exited
    const log = server.output()

    expect(log).toMatch(/incoming request/)
    expect(log).toContain('client_secret=[masked]')
    expect(log).toContain('access_token=[masked]')
    for (const secret of ['qa-secret', basic.slice(6), token, token.split('.')[2] ?? token, 'secret-in-query', 'secret-in-bad-url', 'secret-in-long-url', 'cookie-secret-1', ADMIN_TOKEN, 'admin-wrong-456']) {
      expect(log, `the ${level} log shows a secret`).not.toContain(secret)
    }
  })
})
