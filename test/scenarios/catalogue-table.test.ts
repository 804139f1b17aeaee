import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { BUILT_IN_SCENARIOS, type ApiInfo } from '../../src/scenarios/catalogue.js'
import { appScenarioTable, readmeSection, withScenarioTable } from '../../src/tools/scenario-table.js'
import { scenarioTable } from '../../src/scenarios/table.js'
import { buildTestApp } from '../helpers/build-app.js'

const readme = readFileSync(new URL('../../docs/scenarios.md', import.meta.url), 'utf8')

const api: ApiInfo = {
  id: 'alpha',
  errors: { GONE: { status: 404, message: 'Gone | away.' }, TEAPOT: { status: 418, message: 'No.' } },
  emptyable: false,
  routes: [{ api: 'alpha', method: 'GET', path: '/things/:id', operationId: 'getThing', statuses: ['200', '404'], secured: false }]
}

describe('the scenario table of docs/scenarios.md', () => {
  it('is the table of the default server (run `npm run docs:scenarios` when this fails)', async () => {
    const app = await buildTestApp()

    const table = appScenarioTable(app)

    expect(readmeSection(readme), 'docs/scenarios.md\'s scenario table is stale: run `npm run docs:scenarios` and commit docs/scenarios.md').toBe(table)
  })
})

describe('scenarioTable', () => {
  it('lists built-in scenarios, then each API\'s error codes, then the fixtures\' scenarios', () => {
    const fromFixtures = { name: 'alpha-gone', api: 'alpha', route: 'getThing', error: 'GONE', description: '404, gone.' }

    const lines = scenarioTable([...BUILT_IN_SCENARIOS, fromFixtures], [api]).trimEnd().split('\n')

    expect(lines[0]).toBe('| name | API / route | what the consumer sees |')
    expect(lines[2]).toBe('| `slow` | every API | The normal answer, 2 s late. |')
    expect(lines.at(-3)).toBe('| `GONE` | `alpha` | 404 "Gone \\| away." |')
    expect(lines.at(-2)).toBe('| `TEAPOT` | `alpha` | not on demand: no route documents 418; the mock answers it where it occurs (e.g. 405 to a wrong method) |')
    expect(lines.at(-1)).toBe('| `alpha-gone` | `alpha` · `getThing` | 404, gone. |')
  })

  it('shows the outcome of a scenario without a description', () => {
    const table = scenarioTable([{ name: 'late-500', status: 500, latency: { fixed: 100 } }], [])

    expect(table).toContain('| `late-500` | every API | `{"status":500,"latency":{"fixed":100}}` |')
  })
})

describe('withScenarioTable', () => {
  it('replaces only the text between the markers', () => {
    const before = 'intro\n<!-- scenarios:start -->\nold\n<!-- scenarios:end -->\noutro\n'

    const after = withScenarioTable(before, '| new |\n')

    expect(after).toBe('intro\n<!-- scenarios:start -->\n| new |\n<!-- scenarios:end -->\noutro\n')
    expect(readmeSection(after)).toBe('| new |\n')
  })

  it('says where the markers go when they are missing', () => {
    const rewrite = (): string => withScenarioTable('no markers here', '| new |\n')

    expect(rewrite).toThrow(/<!-- scenarios:start -->.*own line/)
  })
})
