import { renameSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import { describe, expect, it, vi } from 'vitest'
import { bearerHeader, buildTestApp } from '../helpers/build-app.js'
import { DEFAULT_FIXTURES, tempFixtures } from '../helpers/temp-fixtures.js'

const roles = { 'x-auth-roles': 'API_KEY' }
/** Changes reach the server after a debounce; give them well under the suite's patience. */
const WITHIN = { timeout: 3000, interval: 50 }

function account (accountId: number): string[] {
  return ['masstack:', '  accounts:', '    - orgId: acme', `      accountId: ${accountId}`, '      from: 2026-01-01', '      to: 2026-06-30']
}

async function invoicesOf (app: FastifyInstance, accountId: number): Promise<number> {
  return (await app.inject({ url: `/masstack/v2/orgs/acme/accounts/${accountId}/invoices`, headers: roles })).statusCode
}

describe('GET /__admin/fixtures with watchFixtures: true', () => {
  it('applies an edited file without a reload call', async () => {
    const fixtures = tempFixtures()
    const file = fixtures.write('qa.yaml', account(42))
    const app = await buildTestApp({ watchFixtures: true, fixtures: [DEFAULT_FIXTURES, file] })
    const { loadedAt } = (await app.inject({ url: '/__admin/fixtures' })).json<{ loadedAt: string }>()

    fixtures.write('qa.yaml', account(43))

    await vi.waitFor(async () => { expect(await invoicesOf(app, 43)).toBe(200) }, WITHIN)
    expect(await invoicesOf(app, 42)).toBe(404)
    expect((await app.inject({ url: '/__admin/fixtures' })).json().loadedAt).not.toBe(loadedAt)
  })

  it('keeps following a file an editor saves by renaming a new copy over it', async () => {
    const fixtures = tempFixtures()
    const file = fixtures.write('qa.yaml', account(42))
    const app = await buildTestApp({ watchFixtures: true, fixtures: [DEFAULT_FIXTURES, file] })

    renameSync(fixtures.write('.qa.yaml.swp', account(43)), file)
    await vi.waitFor(async () => { expect(await invoicesOf(app, 43)).toBe(200) }, WITHIN)
    renameSync(fixtures.write('.qa.yaml.swp', account(44)), file)

    await vi.waitFor(async () => { expect(await invoicesOf(app, 44)).toBe(200) }, WITHIN)
  })

  it('picks up a new file in a watched folder', async () => {
    const fixtures = tempFixtures()
    fixtures.write('10-first.yaml', account(42))
    const app = await buildTestApp({ watchFixtures: true, fixtures: [DEFAULT_FIXTURES, fixtures.dir] })

    fixtures.write('20-second.yaml', ['clients:', '  - clientId: watched-client', '    clientSecret: watched-secret', ...account(43)])

    await vi.waitFor(async () => { expect(await invoicesOf(app, 43)).toBe(200) }, WITHIN)
    expect(await invoicesOf(app, 42)).toBe(200)
  })

  it('logs a bad edit with its file and line, and the old fixtures keep serving', async () => {
    const fixtures = tempFixtures()
    const file = fixtures.write('qa.yaml', account(42))
    const app = await buildTestApp({ watchFixtures: true, fixtures: [DEFAULT_FIXTURES, file] })
    const { loadedAt } = (await app.inject({ url: '/__admin/fixtures' })).json<{ loadedAt: string }>()
    const logged = vi.spyOn(app.log, 'warn')

    fixtures.write('qa.yaml', [...account(43), '      colour: blue'])

    await vi.waitFor(() => { expect(logged).toHaveBeenCalled() }, WITHIN)
    expect(String(logged.mock.calls[0]?.[0])).toMatch(new RegExp(`Failed to load ${file} \\(line 7\\): .*unknown field "colour".*The fixtures in force stay\\.`))
    expect(await invoicesOf(app, 42)).toBe(200)
    expect(await invoicesOf(app, 43)).toBe(404)
    expect((await app.inject({ url: '/__admin/fixtures' })).json().loadedAt).toBe(loadedAt)
  })

  it('keeps the fixtures when a watched file becomes empty, and warns naming the file', async () => {
    const fixtures = tempFixtures()
    const file = fixtures.write('qa.yaml', ['clients:', '  - clientId: watched-client', '    clientSecret: watched-secret', ...account(42)])
    const app = await buildTestApp({ watchFixtures: true, fixtures: [DEFAULT_FIXTURES, file] })
    const logged = vi.spyOn(app.log, 'warn')

    fixtures.write('qa.yaml', [''])

    await vi.waitFor(() => { expect(logged).toHaveBeenCalled() }, WITHIN)
    expect(String(logged.mock.calls[0]?.[0])).toMatch(new RegExp(`Failed to load ${file}: the file is empty.*The fixtures in force stay\\.`))
    expect(await invoicesOf(app, 42)).toBe(200)
    expect((await bearerHeader(app, 'watched-client', 'watched-secret')).authorization).toMatch(/^Bearer /)
  })

  it('waits until a file written in pieces stops changing, then reloads it once', async () => {
    const fixtures = tempFixtures()
    const file = fixtures.write('qa.yaml', account(42))
    const app = await buildTestApp({ watchFixtures: true, fixtures: [DEFAULT_FIXTURES, file] })
    const reload = vi.spyOn(app.mocks, 'reload')

    // A slow copy: the first piece is valid YAML on its own (a client, no account yet); the rest comes later.
    fixtures.write('qa.yaml', ['clients:', '  - clientId: watched-client', '    clientSecret: watched-secret'])
    await new Promise((resolve) => setTimeout(resolve, 200))
    fixtures.write('qa.yaml', ['clients:', '  - clientId: watched-client', '    clientSecret: watched-secret', ...account(43)])

    await vi.waitFor(async () => { expect(await invoicesOf(app, 43)).toBe(200) }, WITHIN)
    await new Promise((resolve) => setTimeout(resolve, 600))
    expect(reload).toHaveBeenCalledTimes(1)
  })

  it('takes a fixture file that is empty at start, and reloads while it stays empty', async () => {
    const fixtures = tempFixtures()
    const empty = fixtures.write('empty.yaml', ['# nothing yet'])
    const other = fixtures.write('qa.yaml', account(42))
    const app = await buildTestApp({ fixtures: [DEFAULT_FIXTURES, empty, other] })

    fixtures.write('qa.yaml', account(43))
    const res = await app.inject({ method: 'POST', url: '/__admin/fixtures/reload' })

    expect(res.statusCode).toBe(200)
    expect(res.json().files).toEqual([DEFAULT_FIXTURES, empty, other])
    expect(await invoicesOf(app, 43)).toBe(200)
  })

  it('refuses a reload through the admin API while a file that held fixtures is empty', async () => {
    const fixtures = tempFixtures()
    const file = fixtures.write('qa.yaml', account(42))
    const app = await buildTestApp({ fixtures: [DEFAULT_FIXTURES, file] })

    fixtures.write('qa.yaml', [''])
    const res = await app.inject({ method: 'POST', url: '/__admin/fixtures/reload' })

    expect(res.statusCode).toBe(422)
    expect(res.json().message).toMatch(/qa\.yaml: the file is empty/)
    expect(await invoicesOf(app, 42)).toBe(200)
  })

  it('stops watching when the app closes', async () => {
    const fixtures = tempFixtures()
    const file = fixtures.write('qa.yaml', account(42))
    const app = await buildTestApp({ watchFixtures: true, fixtures: [DEFAULT_FIXTURES, file] })
    const reload = vi.spyOn(app.mocks, 'reload')
    await app.close()

    fixtures.write('qa.yaml', account(43))
    await new Promise((resolve) => setTimeout(resolve, 400))

    expect(reload).not.toHaveBeenCalled()
  })
})
