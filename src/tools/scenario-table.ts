/**
 * `npm run docs:scenarios`: rewrites the scenario table of docs/scenarios.md, between `<!-- scenarios:start -->` and
 * `<!-- scenarios:end -->`, from a server built with the default configuration (built-in scenarios, each
 * API's error codes, fixtures/qa-scenarios.yaml). test/scenarios/catalogue-table.test.ts fails when the
 * committed table is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../app.js'
import { PACKAGE_ROOT } from '../config.js'
import { readmeSection as sectionOf, withReadmeSection } from './readme-section.js'
import { scenarioTable } from '../scenarios/table.js'

/**
 * The table of every scenario the app knows, as docs/scenarios.md shows it.
 * @example
 * const table = appScenarioTable(await buildApp({ logLevel: 'silent' }))
 */
export function appScenarioTable (app: FastifyInstance): string {
  return scenarioTable(app.mocks.current().catalogue.named.values(), app.mocks.apis)
}

/**
 * The README text between the markers (without them), or undefined when a marker is missing.
 * @example
 * readmeSection(readFileSync('README.md', 'utf8')) // '| name | API / route | … |\n…'
 */
export function readmeSection (readme: string): string | undefined {
  return sectionOf(readme, 'scenarios')
}

/**
 * The README with the text between the markers replaced by `table`.
 * @example
 * writeFileSync('README.md', withScenarioTable(readme, table))
 */
export function withScenarioTable (readme: string, table: string): string {
  return withReadmeSection(readme, 'scenarios', table, 'scenario table')
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  const app = await buildApp({ logLevel: 'warn' })
  const file = `${PACKAGE_ROOT}docs/scenarios.md`
  writeFileSync(file, withScenarioTable(readFileSync(file, 'utf8'), appScenarioTable(app)))
  process.stdout.write(`wrote the scenario table of ${file}\n`)
  await app.close()
}
