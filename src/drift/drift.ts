/**
 * `npm run drift -- --api <id> --target <url>`: the page a team reads before updating the mock. Replays,
 * against a real provider, the contract interactions that need no provider behaviour set up (their states
 * only describe data: no expired tokens, no outages) and each documented example request of the API, and
 * checks every answer against the API's OpenAPI document (src/drift/validate.ts) and, for contract
 * interactions, against the status the contract expects. Writes a drift report (Markdown and JSON) listing
 * new, missing, renamed and retyped fields and status differences. Exit 1 when there is drift, so a nightly
 * CI job can watch a sandbox.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { Command } from 'commander'
import { mocks } from '../../mocks/index.js'
import { tokensFor } from '../clients/token-provider.js'
import { PACKAGE_ROOT } from '../config.js'
import type { ExampleRequest } from '../engine/define-mock.js'
import { readCommittedOpenApi } from '../openapi-read.js'
import { createValidator, type Violation } from './validate.js'

export interface DriftOptions {
  api: string
  /** The real provider's base URL, prefix included. */
  target: string
  token?: string
  clientId?: string
  clientSecret?: string
  tokenUrl?: string
  /** Pact file to replay (default contracts/billing-clients-<api>.json). */
  pact?: string
  timeoutMs?: number
}

export interface Replayed {
  name: string
  source: 'contract' | 'example'
  method: string
  path: string
  status: number
  operation: string | undefined
  violations: Violation[]
}

export interface Finding extends Violation {
  operation: string
  /** The replayed requests it was seen in. */
  seenIn: string[]
}

export interface DriftReport {
  api: string
  target: string
  at: string
  replayed: Replayed[]
  findings: Finding[]
  drift: boolean
}

interface PactInteraction {
  description: string
  providerStates?: Array<{ name: string }>
  request: { method: string, path: string, query?: Record<string, string[]>, headers?: Record<string, string | string[]>, body?: { content?: unknown } }
  response: { status: number }
}

const KIND_TITLES: Record<string, string> = {
  'unknown-field': 'new field',
  'missing-field': 'missing field',
  'renamed-field': 'renamed field',
  type: 'retyped field',
  status: 'status difference',
  'content-type': 'content type',
  'not-json': 'not JSON',
  format: 'format',
  value: 'value',
  'unknown-operation': 'unknown operation'
}

/**
 * Replays and compares; never throws for drift (the report says it).
 * @example
 * const report = await drift({ api: 'masstack', target: 'https://sandbox.example.com/masstack' })
 * process.exitCode = report.drift ? 1 : 0
 */
export async function drift (options: DriftOptions): Promise<DriftReport> {
  const definition = mocks.find((mock) => mock.id === options.api)
  if (definition === undefined) throw new Error(`No API "${options.api}"; the APIs are ${mocks.map((mock) => mock.id).join(', ')}.`)
  const validator = createValidator(readCommittedOpenApi(options.api))
  const tokens = tokensFor(options, options.target)

  const requests: Array<ExampleRequest & { source: Replayed['source'], expectedStatus?: number }> = [
    ...contractRequests(options.pact ?? `${PACKAGE_ROOT}contracts/billing-clients-${options.api}.json`, definition.states ?? [], options.pact !== undefined),
    ...(definition.examples ?? []).map((example) => ({ ...example, source: 'example' as const }))
  ]

  const replayed: Replayed[] = []
  for (const request of requests) {
    const url = new URL(options.target.replace(/\/$/, '') + request.path)
    for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, value)
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers }
    if (tokens !== undefined) headers.authorization = `Bearer ${await tokens.token()}`
    if (request.body !== undefined) headers['content-type'] = 'application/json'
    const res = await fetch(url, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000)
    })
    const body = Buffer.from(await res.arrayBuffer())
    const { operation, violations } = validator.validate({ method: request.method, path: request.path, status: res.status, contentType: res.headers.get('content-type') ?? undefined, body })
    if (request.expectedStatus !== undefined && request.expectedStatus !== res.status && !violations.some((violation) => violation.kind === 'status')) {
      violations.unshift({ kind: 'status', path: 'status', message: `the contract expects ${request.expectedStatus}, the provider answered ${res.status}`, expected: String(request.expectedStatus), actual: String(res.status) })
    }
    replayed.push({ name: request.name, source: request.source, method: request.method, path: request.path, status: res.status, operation, violations })
  }

  const findings = new Map<string, Finding>()
  for (const exchange of replayed) {
    for (const violation of exchange.violations) {
      const operation = exchange.operation ?? `${exchange.method} ${exchange.path}`
      // The validator already folds array indexes (/invoices/*/pay_date).
      const path = violation.path
      const key = `${operation} ${violation.kind} ${path}`
      const finding = findings.get(key) ?? { ...violation, path, operation, seenIn: [] }
      if (!finding.seenIn.includes(exchange.name)) finding.seenIn.push(exchange.name)
      findings.set(key, finding)
    }
  }
  const list = [...findings.values()]
  return { api: options.api, target: options.target, at: new Date().toISOString(), replayed, findings: list, drift: list.length > 0 }
}

/** The contract's interactions whose states need nothing set up at the provider (data only), as requests. */
function contractRequests (file: string, states: ReadonlyArray<{ kind: string, parse: (name: string) => unknown }>, required: boolean): Array<ExampleRequest & { source: 'contract', expectedStatus: number }> {
  let interactions: PactInteraction[]
  try {
    interactions = (JSON.parse(readFileSync(file, 'utf8')) as { interactions: PactInteraction[] }).interactions
  } catch (err) {
    // Without its own contract an API is still checked through its examples; a named --pact must exist.
    if (required) throw new Error(`Cannot read the pact ${file}: ${(err as Error).message}`)
    return []
  }
  return interactions
    .filter((interaction) => (interaction.providerStates ?? []).every(({ name }) => states.find((state) => state.parse(name) !== undefined)?.kind === 'data'))
    .map((interaction) => {
      const headers = Object.fromEntries(Object.entries(interaction.request.headers ?? {})
        .filter(([name]) => name.toLowerCase() !== 'authorization')
        .map(([name, value]) => [name.toLowerCase(), [value].flat().join(', ')]))
      return {
        name: interaction.description,
        source: 'contract' as const,
        method: interaction.request.method.toUpperCase() as ExampleRequest['method'],
        path: interaction.request.path,
        query: Object.fromEntries(Object.entries(interaction.request.query ?? {}).map(([key, values]) => [key, values[0] ?? ''])),
        headers,
        ...(interaction.request.body?.content === undefined ? {} : { body: interaction.request.body.content }),
        expectedStatus: interaction.response.status
      }
    })
}

/**
 * The report as the Markdown page a team reads.
 * @example
 * writeFileSync('drift-report.md', driftMarkdown(report))
 */
export function driftMarkdown (report: DriftReport): string {
  const lines = [
    `# Drift report: ${report.api}`,
    '',
    `Target \`${report.target}\`, ${report.at}. ${report.replayed.length} requests replayed (${report.replayed.filter((r) => r.source === 'contract').length} from the contract, ${report.replayed.filter((r) => r.source === 'example').length} documented example(s)).`,
    '',
    report.drift ? `**${report.findings.length} difference(s) between the provider and the mock's OpenAPI document.**` : '**No drift**: every answer matches the OpenAPI document and the contract.',
    ''
  ]
  if (report.drift) {
    lines.push('| kind | operation | where | document / contract | provider | seen in |', '|---|---|---|---|---|---|')
    for (const finding of report.findings) {
      lines.push(`| ${KIND_TITLES[finding.kind] ?? finding.kind} | \`${finding.operation}\` | \`${finding.path || '(body)'}\` | ${cell(finding.expected ?? '')} | ${cell(finding.actual ?? '')} | ${cell(finding.seenIn.join('; '))} |`)
    }
    lines.push('')
  }
  lines.push('## Requests', '', '| request | source | status | differences |', '|---|---|---|---|')
  for (const exchange of report.replayed) lines.push(`| ${cell(exchange.name)} | ${exchange.source} | ${exchange.status} | ${exchange.violations.length} |`)
  return lines.join('\n') + '\n'
}

function cell (text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ')
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const options = new Command('drift')
    .description('Replay the contract and the documented examples against a real provider and report drift from the mock.')
    .requiredOption('--api <id>', 'the API')
    .requiredOption('--target <url>', 'the real provider\'s base URL, prefix included')
    .option('--token <token>', 'bearer token')
    .option('--client-id <id>', 'OAuth client for the provider\'s token URL')
    .option('--client-secret <secret>', 'its secret')
    .option('--token-url <url>', 'the provider\'s token URL (default <origin>/oauth/client_credential/accesstoken)')
    .option('--pact <file>', 'the contract to replay (default contracts/billing-clients-<api>.json)')
    .option('--report <file>', 'where to write the Markdown report', 'drift-report.md')
    .option('--json <file>', 'where to write the JSON report', 'drift-report.json')
    .parse(process.argv)
    .opts<DriftOptions & { report: string, json: string }>()
  drift(options).then((report) => {
    const page = driftMarkdown(report)
    writeFileSync(options.report, page)
    writeFileSync(options.json, JSON.stringify(report, null, 2) + '\n')
    process.stdout.write(page + `\nWritten to ${options.report} and ${options.json}.\n`)
    process.exitCode = report.drift ? 1 : 0
  }, (err: unknown) => {
    process.stderr.write(`drift: ${(err as Error).message}\n`)
    process.exitCode = 2
  })
}
