/**
 * The scenario catalogue as README's markdown table (`npm run docs:scenarios`): the built-in scenarios, each
 * API's error codes (usable as names directly), then the scenarios of the fixture files, one row each.
 */
import { BUILT_IN_SCENARIOS, type ApiInfo } from './catalogue.js'
import type { Scenario } from '../engine/scenario-schema.js'

/**
 * Renders `name | API / route | what the consumer sees` for every scenario a server knows.
 * @example
 * const { catalogue } = app.mocks.current()
 * scenarioTable(catalogue.named.values(), app.mocks.apis)
 * // '| name | API / route | what the consumer sees |\n|---|---|---|\n| `slow` | every API | The normal answer, 2 s late. |\n…'
 */
export function scenarioTable (named: Iterable<Scenario>, apis: readonly ApiInfo[]): string {
  const scenarios = [...named]
  const builtIn = scenarios.filter((scenario) => BUILT_IN_SCENARIOS.includes(scenario))
  const fromFixtures = scenarios.filter((scenario) => !BUILT_IN_SCENARIOS.includes(scenario))
  const errorCodes = apis.flatMap((api) => Object.entries(api.errors).map(([code, { status, message }]) => {
    // A code whose status no route documents cannot be asked for (the engine answers 400 saying so).
    const documented = api.routes.some((route) => route.statuses.includes(String(status)) || (status >= 500 && route.statuses.includes('default')))
    return row(code, `\`${api.id}\``, documented ? `${status} "${message}"` : `not on demand: no route documents ${status}; the mock answers it where it occurs (e.g. 405 to a wrong method)`)
  }))
  return [
    '| name | API / route | what the consumer sees |',
    '|---|---|---|',
    ...builtIn.map(scenarioRow),
    ...errorCodes,
    ...fromFixtures.map(scenarioRow)
  ].join('\n') + '\n'
}

function scenarioRow (scenario: Scenario): string {
  const scope = scenario.api === undefined ? 'every API' : `\`${scenario.api}\``
  const where = scenario.route === undefined ? scope : `${scope} · \`${scenario.route}\``
  return row(scenario.name, where, scenario.description ?? outcomeOf(scenario))
}

/** What a scenario without a description does, from its fields (e.g. `{"status":500}`). */
function outcomeOf ({ name: _name, description: _description, api: _api, route: _route, ...outcome }: Scenario): string {
  return `\`${JSON.stringify(outcome)}\``
}

function row (name: string, where: string, seen: string): string {
  return `| \`${name}\` | ${where} | ${cell(seen)} |`
}

/** A table cell keeps to one line, and a `|` inside it does not end the cell. */
function cell (text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|')
}
