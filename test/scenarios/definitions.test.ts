import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildTestApp } from '../helpers/build-app.js'

/** A fixture file holding only the given YAML, next to the default fixtures. */
function fixtureFile (yaml: string): string[] {
  const file = join(mkdtempSync(join(tmpdir(), 'bm-scenarios-')), 'qa.yaml')
  writeFileSync(file, yaml)
  return ['fixtures/default.yaml', file]
}

describe('scenarios in fixture files', () => {
  it.each([
    ['an unknown API', '  - name: x\n    api: nope\n    status: 500\n', /line 3\): scenarios\[0\]\.api names no API; the APIs are hn-billing, bo-billing/],
    ['a route no API has', '  - name: x\n    route: getNothing\n    status: 500\n', /line 3\): scenarios\[0\]\.route matches no route; use an operationId \(.*getCustomerBills/],
    ['an error code the API lacks', '  - name: x\n    api: masstack\n    error: GLOBAL_1001\n', /line 4\): scenarios\[0\]\.error is no error code of masstack; codes: MISSING_ROLES/],
    ['two outcomes', '  - name: x\n    status: 500\n    empty: true\n', /scenarios\[0\]\.empty comes with status: a scenario has one outcome/],
    ['an undocumented status', '  - name: x\n    api: masstack\n    status: 503\n', /scenarios\[0\]\.status is documented by no route/],
    ['a state machine without Started', '  - name: x\n    states:\n      first: { status: 500 }\n', /scenarios\[0\]\.states has no "Started" state/],
    ['a next state that does not exist', '  - name: x\n    states:\n      Started: { status: 500, next: later }\n', /line 4\): scenarios\[0\]\.states\.Started\.next names state "later"/],
    ['an unknown fault', '  - name: x\n    fault: explode\n', /line 3\): scenarios\[0\]\.fault/],
    ['uniform latency with min above max', '  - name: x\n    latency: { uniform: { min: 900, max: 100 } }\n', /scenarios\[0\]\.latency\.uniform has min above max/]
  ])('stops start-up on %s, naming the file, line and field', async (_what, yaml, message) => {
    await expect(buildTestApp({ fixtures: fixtureFile(`scenarios:\n${yaml}`) })).rejects.toThrow(message)
  })

  it('lets a fixture scenario redefine a built-in one, e.g. a slower "slow"', async () => {
    const app = await buildTestApp({ fixtures: fixtureFile('scenarios:\n  - name: slow\n    latency: { fixed: 5000 }\n') })

    const { scenarios } = (await app.inject({ url: '/__admin/scenarios' })).json()

    expect(scenarios.find((scenario: { name: string }) => scenario.name === 'slow')).toMatchObject({ latency: { fixed: 5000 }, source: 'fixtures' })
  })

  it('lets a later file replace a scenario of an earlier one', async () => {
    const first = fixtureFile('scenarios:\n  - name: mine\n    status: 500\n')[1] ?? ''
    const second = fixtureFile('scenarios:\n  - name: mine\n    status: 400\n')[1] ?? ''
    const app = await buildTestApp({ fixtures: ['fixtures/default.yaml', first, second] })

    const { scenarios } = (await app.inject({ url: '/__admin/scenarios' })).json()

    expect(scenarios.filter((scenario: { name: string }) => scenario.name === 'mine')).toEqual([expect.objectContaining({ status: 400 })])
  })
})
