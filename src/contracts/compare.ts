/**
 * Contract ↔ OpenAPI cross-check (the bi-directional pattern): every interaction of a pact is compared with
 * the API's OpenAPI document by @pactflow/openapi-pact-comparator, so the consumer side, the mock and the
 * published document cannot drift apart. Response schemas close their objects, so a misspelt field in a
 * pact is an error, not a silent extra.
 * `npm run compare -- --pact <file> --api <id>` does it for a user's pact file.
 */
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import * as comparatorModule from '@pactflow/openapi-pact-comparator'
import { Command } from 'commander'
import { readCommittedOpenApi } from '../openapi-read.js'

// The package's .d.ts re-exports with an extensionless path that NodeNext resolution cannot follow; this is
// the part of its API used here.
const { Comparator } = comparatorModule as unknown as { Comparator: new (openapi: object) => { compare: (pact: object) => AsyncIterable<unknown> } }

export interface ComparisonResult {
  type: 'error' | 'warning'
  code: string
  message: string
  interaction: string
  location: string
}

/**
 * Every mismatch between a pact and an API's OpenAPI document (errors and warnings).
 * @example
 * const results = await comparePact(JSON.parse(readFileSync('contracts/billing-clients-bo-billing.json', 'utf8')), 'bo-billing')
 * results.filter((result) => result.type === 'error') // []
 */
export async function comparePact (pact: unknown, api: string, openapi: unknown = readCommittedOpenApi(api)): Promise<ComparisonResult[]> {
  const comparator = new Comparator(openapi as object)
  const results: ComparisonResult[] = []
  for await (const result of comparator.compare(pact as object)) {
    const { type, code, message, mockDetails } = result as { type: 'error' | 'warning', code: string, message: string, mockDetails?: { interactionDescription?: string, location?: string } }
    results.push({ type, code, message, interaction: mockDetails?.interactionDescription ?? '', location: mockDetails?.location ?? '' })
  }
  return results
}

/** One line per result, errors first. */
export function formatResults (results: readonly ComparisonResult[]): string {
  return [...results]
    .sort((a, b) => (a.type === b.type ? 0 : a.type === 'error' ? -1 : 1))
    .map((result) => `${result.type.toUpperCase()} ${result.code}: ${result.message}${result.interaction === '' ? '' : ` (interaction "${result.interaction}", ${result.location})`}`)
    .join('\n')
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const program = new Command('compare')
    .description('Compare a Pact file with an API\'s OpenAPI document.')
    .requiredOption('--pact <file>', 'the pact file')
    .option('--api <id>', 'the API (default: the pact\'s provider name)')
    .option('--openapi <file>', 'another OpenAPI document (default mocks/<id>/openapi.json)')
    .parse(process.argv)
  const options = program.opts<{ pact: string, api?: string, openapi?: string }>()
  const pact = JSON.parse(readFileSync(options.pact, 'utf8')) as { provider?: { name?: string } }
  const api = options.api ?? pact.provider?.name ?? ''
  const openapi = options.openapi === undefined ? readCommittedOpenApi(api) : JSON.parse(readFileSync(options.openapi, 'utf8'))
  comparePact(pact, api, openapi).then((results) => {
    const errors = results.filter((result) => result.type === 'error').length
    process.stdout.write(`${formatResults(results)}\n${options.pact} against ${api}'s OpenAPI document: ${errors} error(s), ${results.length - errors} warning(s)\n`)
    process.exitCode = errors > 0 ? 1 : 0
  }, (err: unknown) => {
    process.stderr.write(`compare: ${(err as Error).message}\n`)
    process.exitCode = 1
  })
}
