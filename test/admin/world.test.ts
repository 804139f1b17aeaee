import { describe, expect, it } from 'vitest'
import { mocks } from '../../mocks/index.js'
import { buildTestApp } from '../helpers/build-app.js'
import { expectDocumented } from '../helpers/openapi.js'
import { DEFAULT_FIXTURES, tempFixtures } from '../helpers/temp-fixtures.js'

describe('GET /__admin/world', () => {
  it('lists each API\'s fixture entities and the rule for generated ones', async () => {
    const app = await buildTestApp({ seed: 7 })

    const res = await app.inject({ url: '/__admin/world' })

    expect(res.statusCode).toBe(200)
    await expectDocumented(app, '__admin', res)
    const { seed, apis } = res.json()
    expect(seed).toBe(7)
    expect(Object.keys(apis).sort()).toEqual(mocks.map((mock) => mock.id).sort())
    expect(apis['bo-billing'].fixtures.customers).toContainEqual(expect.objectContaining({
      idType: 'CLIENT_NUMBER',
      id: 70000001,
      contracts: [expect.objectContaining({ contractNumber: 80000001 })]
    }))
    expect(apis['bo-billing'].generated).toMatch(/70000000 to 79999999/)
    expect(apis.masstack.fixtures.accounts).toContainEqual(expect.objectContaining({ orgId: 'telco', accountId: 214748364 }))
    expect(apis['hn-billing'].fixtures.customers[0].msisdn).toBe('50499990001')
    expect(apis['invoice-files'].generated).toMatch(/^None/)
    for (const id of Object.keys(apis)) expect(typeof apis[id].generated).toBe('string')
  })

  it('shows the entities of every fixture file, merged in order', async () => {
    const fixtures = tempFixtures()
    const file = fixtures.write('qa.yaml', ['masstack:', '  accounts:', '    - orgId: acme', '      accountId: 42', '      from: 2026-01-01', '      to: 2026-06-30'])
    const app = await buildTestApp({ fixtures: [DEFAULT_FIXTURES, file] })

    const res = await app.inject({ url: '/__admin/world' })

    expect(res.json().apis.masstack.fixtures.accounts.map((account: { orgId: string, accountId: number }) => `${account.orgId}/${account.accountId}`)).toEqual(['telco/214748364', 'acme/42'])
  })
})

describe('GET /__admin/openapi.json', () => {
  it('answers an OpenAPI 3 document with the admin paths', async () => {
    const app = await buildTestApp()

    const res = await app.inject({ url: '/__admin/openapi.json' })

    expect(res.statusCode).toBe(200)
    const doc = res.json()
    expect(doc.openapi).toMatch(/^3\./)
    expect(doc.servers).toEqual([{ url: '/__admin' }])
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([
      '/requests', '/requests/count', '/reset', '/world', '/fixtures', '/fixtures/reload', '/scenarios', '/scenarios/{name}/activate', '/activations'
    ]))
    expect(Object.keys(doc.paths['/requests'])).toEqual(expect.arrayContaining(['get', 'delete']))
    expect(doc.paths['/fixtures/reload'].post.responses).toHaveProperty('422')
    expect(doc.paths).not.toHaveProperty('/openapi.json')
  })

  it('documents no token when the admin API has none', async () => {
    const app = await buildTestApp()

    const res = await app.inject({ url: '/__admin/openapi.json' })

    expect(res.json().security).toEqual([])
  })
})
