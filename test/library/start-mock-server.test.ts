import { describe, expect, it, onTestFinished } from 'vitest'
import { mocks } from '../../mocks/index.js'
import { API_IDS, clientCredentials, createBoBillingClient, startMockServer, type MockServer } from '../../src/index.js'
import { QA_CLIENT } from '../helpers/build-app.js'

async function start (options: Parameters<typeof startMockServer>[0] = {}): Promise<MockServer> {
  const server = await startMockServer({ logLevel: 'silent', ...options })
  onTestFinished(server.close)
  return server
}

describe('startMockServer', () => {
  it('listens on a free loopback port and returns the base URL of each API', async () => {
    const server = await start()

    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(server.apis).toEqual(Object.fromEntries(mocks.map((mock) => [mock.id, `${server.url}/${mock.id}`])))
    expect(server.docsUrl).toBe(`${server.url}/docs`)
    expect(server.adminUrl).toBe(`${server.url}/__admin`)
    expect((await fetch(server.healthUrl)).status).toBe(200)
    expect((await fetch(server.docsUrl)).status).toBe(200)
  })

  it('serves a typed client pointed at its URLs, with a token from its token URL', async () => {
    const server = await start()
    const tokens = clientCredentials({ tokenUrl: server.tokenUrl, clientId: QA_CLIENT.id, clientSecret: QA_CLIENT.secret })

    const bills = await createBoBillingClient({ baseUrl: server.apis['bo-billing'], tokens }).getBills({ idType: 'CLIENT_NUMBER', id: 70000001, contractNumber: 80000001 })

    expect(bills.invoiceCollection).toHaveLength(10) // the first page of the 12 bills of contract 80000001
  })

  it('journals what the consumer sent, readable at its admin URL', async () => {
    const server = await start()
    await fetch(`${server.apis.masstack}/v2/orgs/telco/accounts/214748364/invoices`, { headers: { 'x-auth-roles': 'API_KEY' } })

    const count = await (await fetch(`${server.adminUrl ?? ''}/requests/count?api=masstack`)).json()

    expect(count).toEqual({ count: 1 })
  })

  it('takes any server option: a seed, the admin API off', async () => {
    const server = await start({ seed: 7, admin: false })

    expect(server.adminUrl).toBeUndefined()
    expect(server.app.mocks.config.seed).toBe(7)
  })

  it('stops listening on close, and a second close does nothing', async () => {
    const server = await startMockServer({ logLevel: 'silent' })

    await server.close()
    await server.close()

    await expect(fetch(server.healthUrl)).rejects.toThrow()
  })

  it('refuses a bad option with the configuration error, leaving nothing open', async () => {
    const starting = startMockServer({ logLevel: 'silent', port: -1 })

    await expect(starting).rejects.toThrow(/option "port"/)
  })

  it('knows the id of every API of the registry (API_IDS types `apis`)', () => {
    expect([...API_IDS]).toEqual(mocks.map((mock) => mock.id))
  })
})
