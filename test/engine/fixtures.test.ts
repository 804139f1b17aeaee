import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Type } from 'typebox'
import { afterAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app.js'
import { loadFixtures, type Fixtures } from '../../src/world/fixtures.js'

const dir = mkdtempSync(join(tmpdir(), 'billing-mocks-fixtures-'))
afterAll(() => { rmSync(dir, { recursive: true, force: true }) })

/** A section as a mock declares one: a list of shops, each with an integer id and a name. */
const sections = {
  shop: Type.Object({
    items: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() }, { additionalProperties: false }))
  }, { additionalProperties: false })
}

function fixtureFile (name: string, lines: string[]): string {
  const file = join(dir, name)
  writeFileSync(file, lines.join('\n') + '\n')
  return file
}

function load (...files: string[]): () => Fixtures {
  return () => loadFixtures(files, sections)
}

describe('loadFixtures', () => {
  it('merges files in order, later clients after earlier ones', () => {
    const first = fixtureFile('first.yaml', ['clients:', '  - clientId: a', '    clientSecret: s1', 'shop:', '  items:', '    - id: 1', '      name: one'])
    const second = fixtureFile('second.yaml', ['clients:', '  - clientId: b', '    clientSecret: s2'])

    const fixtures = load(first, second)()

    expect(fixtures.clients.map((client) => client.clientId)).toEqual(['a', 'b'])
    expect(fixtures.apis.shop).toEqual({ items: [{ id: 1, name: 'one' }] })
  })

  it('names the file and the line of a YAML syntax error', () => {
    const file = fixtureFile('syntax.yaml', ['clients:', '  - clientId: a', '    clientSecret: [unclosed'])

    expect(load(file)).toThrow(new RegExp(`Failed to load ${file}: line \\d+: .*YAML syntax`))
  })

  it('names the file, the line and the field of a value of the wrong type', () => {
    const file = fixtureFile('type.yaml', ['shop:', '  items:', '    - id: 1', '      name: one', '    - id: two', '      name: second'])

    expect(load(file)).toThrow(`Failed to load ${file} (line 5): shop.items[1].id "two" must be integer`)
  })

  it('names the file, the line and the field of an unknown field', () => {
    const file = fixtureFile('unknown.yaml', ['clients:', '  - clientId: a', '    clientSecret: s', '    secret: typo'])

    const error = captureError(load(file))

    expect(error).toContain(`Failed to load ${file} (line 4)`)
    expect(error).toContain('clients[0]')
    expect(error).toMatch(/unknown field.*"secret"/)
  })

  it('names a missing required field', () => {
    const file = fixtureFile('missing.yaml', ['clients:', '  - clientId: a'])

    expect(load(file)).toThrow(`Failed to load ${file} (line 2): clients[0] is missing required field(s) "clientSecret"`)
  })

  it('names a file that cannot be read', () => {
    const file = join(dir, 'absent.yaml')

    expect(load(file)).toThrow(`Failed to load ${file}: ENOENT`)
  })

  it('stops buildApp before it starts', async () => {
    const file = fixtureFile('broken-app.yaml', ['clients:', '  - clientId: 7'])

    const building = buildApp({ logLevel: 'silent', fixtures: [file] })

    await expect(building).rejects.toThrow(`Failed to load ${file}`)
  })
})

function captureError (run: () => unknown): string {
  try {
    run()
  } catch (err) {
    return (err as Error).message
  }
  return 'no error thrown'
}
