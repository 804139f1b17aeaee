import type { FastifyInstance } from 'fastify'
import { describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app.js'
import { TOKEN_PATH } from '../../src/auth/token-endpoint.js'
import { basicAuth, buildTestApp } from '../helpers/build-app.js'
import { expectDocumented } from '../helpers/openapi.js'
import { DEFAULT_FIXTURES, tempFixtures } from '../helpers/temp-fixtures.js'

const roles = { 'x-auth-roles': 'API_KEY' }

/** An account of its own org, so it exists only while a fixture file names it. */
function account (orgId: string, accountId: number): string[] {
  return ['masstack:', '  accounts:', `    - orgId: ${orgId}`, `      accountId: ${accountId}`, '      from: 2026-01-01', '      to: 2026-06-30']
}

async function invoicesOf (app: FastifyInstance, orgId: string, accountId: number): Promise<number> {
  return (await app.inject({ url: `/masstack/v2/orgs/${orgId}/accounts/${accountId}/invoices`, headers: roles })).statusCode
}

async function tokenStatus (app: FastifyInstance, clientId: string, secret: string): Promise<number> {
  return (await app.inject({ method: 'POST', url: `${TOKEN_PATH}?grant_type=client_credentials`, headers: { authorization: basicAuth(clientId, secret) } })).statusCode
}

async function reload (app: FastifyInstance): Promise<{ statusCode: number, body: { error?: string, message?: string, files?: string[] } }> {
  const res = await app.inject({ method: 'POST', url: '/__admin/fixtures/reload' })
  await expectDocumented(app, '__admin', res)
  return { statusCode: res.statusCode, body: res.json() }
}

describe('POST /__admin/fixtures/reload', () => {
  it('applies a new masstack account from the edited file', async () => {
    const fixtures = tempFixtures()
    const file = fixtures.write('qa.yaml', account('acme', 42))
    const app = await buildTestApp({ fixtures: [DEFAULT_FIXTURES, file] })
    const before = await invoicesOf(app, 'acme', 43)
    fixtures.write('qa.yaml', account('acme', 43))

    const res = await reload(app)

    expect(before).toBe(404)
    expect(res.statusCode).toBe(200)
    expect(res.body.files).toEqual([DEFAULT_FIXTURES, file])
    expect(await invoicesOf(app, 'acme', 43)).toBe(200)
    expect(await invoicesOf(app, 'acme', 42)).toBe(404)
    expect(await invoicesOf(app, 'telco', 214748364)).toBe(200)
  })

  it('applies a new OAuth client and a new named scenario', async () => {
    const fixtures = tempFixtures()
    const file = fixtures.write('qa.yaml', [])
    const app = await buildTestApp({ fixtures: [DEFAULT_FIXTURES, file] })
    fixtures.write('qa.yaml', [
      'clients:', '  - clientId: reload-client', '    clientSecret: reload-secret',
      'scenarios:', '  - name: account-gone', '    api: masstack', '    error: ACCOUNT_NOT_FOUND'
    ])

    const res = await reload(app)

    expect(res.statusCode).toBe(200)
    expect(await tokenStatus(app, 'reload-client', 'reload-secret')).toBe(200)
    const { scenarios } = (await app.inject({ url: '/__admin/scenarios' })).json<{ scenarios: Array<{ name: string, source: string }> }>()
    expect(scenarios).toContainEqual(expect.objectContaining({ name: 'account-gone', source: 'fixtures', api: 'masstack', error: 'ACCOUNT_NOT_FOUND' }))
    expect((await app.inject({ url: '/__admin/fixtures' })).json().scenarios).toBe(1)
    expect((await app.inject({ method: 'POST', url: '/__admin/scenarios/account-gone/activate' })).statusCode).toBe(201)
    expect(await invoicesOf(app, 'telco', 214748364)).toBe(404)
  })

  it.each([
    ['a YAML syntax error', ['masstack:', '  accounts:', '    - orgId: [acme'], /: line \d+: .*YAML syntax/],
    ['an unknown field', [...account('acme', 43), '      colour: blue'], / \(line 7\): masstack\.accounts\[0\] has unknown field "colour"/],
    ['a scenario with an unknown error code', ['scenarios:', '  - name: broken', '    api: masstack', '    error: NO_SUCH_CODE'], / \(line 4\): scenarios\[0\]\.error is no error code of masstack/]
  ])('answers 422 invalid_fixtures naming the file and line of %s, and the old fixtures keep serving', async (_case, lines, problem) => {
    const fixtures = tempFixtures()
    const file = fixtures.write('qa.yaml', [...account('acme', 42), 'clients:', '  - clientId: old-client', '    clientSecret: old-secret'])
    const app = await buildTestApp({ fixtures: [DEFAULT_FIXTURES, file] })
    const { loadedAt } = (await app.inject({ url: '/__admin/fixtures' })).json<{ loadedAt: string }>()
    fixtures.write('qa.yaml', lines)

    const res = await reload(app)

    expect(res.statusCode).toBe(422)
    expect(res.body.error).toBe('invalid_fixtures')
    expect(res.body.message).toContain(`Failed to load ${file}`)
    expect(res.body.message).toMatch(problem)
    expect(res.body.message).toContain(`The fixtures loaded at ${loadedAt} stay in force.`)
    expect(await invoicesOf(app, 'acme', 42)).toBe(200)
    expect(await tokenStatus(app, 'old-client', 'old-secret')).toBe(200)
    expect((await app.inject({ url: '/__admin/fixtures' })).json().loadedAt).toBe(loadedAt)
  })

  it('answers 422 naming a fixture file that has gone, and keeps the old fixtures', async () => {
    const fixtures = tempFixtures()
    const file = fixtures.write('qa.yaml', account('acme', 42))
    const app = await buildTestApp({ fixtures: [DEFAULT_FIXTURES, file] })
    fixtures.remove('qa.yaml')

    const res = await reload(app)

    expect(res.statusCode).toBe(422)
    expect(res.body.message).toContain(`Failed to load ${file}: ENOENT`)
    expect(await invoicesOf(app, 'acme', 42)).toBe(200)
  })

  it('loads a folder\'s *.yaml files in name order, a later file overriding an earlier one, new files included', async () => {
    const fixtures = tempFixtures()
    fixtures.write('20-second.yaml', ['clients:', '  - clientId: folder-client', '    clientSecret: second-secret'])
    fixtures.write('10-first.yaml', ['clients:', '  - clientId: folder-client', '    clientSecret: first-secret', ...account('acme', 42)])
    fixtures.write('notes.txt', ['not: a fixture file'])
    const app = await buildTestApp({ fixtures: [DEFAULT_FIXTURES, fixtures.dir] })
    const loaded = (await app.inject({ url: '/__admin/fixtures' })).json<{ files: string[] }>().files
    fixtures.write('30-third.yaml', account('acme', 43))

    const res = await reload(app)

    expect(loaded).toEqual([DEFAULT_FIXTURES, `${fixtures.dir}/10-first.yaml`, `${fixtures.dir}/20-second.yaml`])
    expect(res.body.files).toEqual([...loaded, `${fixtures.dir}/30-third.yaml`])
    expect(await tokenStatus(app, 'folder-client', 'second-secret')).toBe(200)
    expect(await tokenStatus(app, 'folder-client', 'first-secret')).toBe(401)
    expect(await invoicesOf(app, 'acme', 42)).toBe(200)
    expect(await invoicesOf(app, 'acme', 43)).toBe(200)
  })
})

describe('buildApp with a bad fixture file', () => {
  it.each([
    ['a YAML syntax error', ['clients:', '  - clientId: [broken'], /: line \d+: .*YAML syntax/],
    ['an unknown field', [...account('acme', 42), '      colour: blue'], / \(line 7\): masstack\.accounts\[0\] has unknown field "colour"/],
    ['a scenario with an unknown error code', ['scenarios:', '  - name: broken', '    api: masstack', '    error: NO_SUCH_CODE'], / \(line 4\): scenarios\[0\]\.error is no error code/]
  ])('rejects %s with the file and line, before anything serves', async (_case, lines, problem) => {
    const fixtures = tempFixtures()
    const file = fixtures.write('bad.yaml', lines)

    const building = buildApp({ logLevel: 'silent', fixtures: [DEFAULT_FIXTURES, file] })

    await expect(building).rejects.toThrow(`Failed to load ${file}`)
    await expect(building).rejects.toThrow(problem)
  })
})
