/**
 * `npm run verify`: provider verification of the Pact contracts with the Pact Verifier.
 * - Without `--base-url`: starts the mock in-process on a free port and verifies every contract of
 *   contracts/ (or `--pact` files) against it; provider states go to the mock's state-change endpoint
 *   (`/__admin/provider-states`), and a fresh token of the fixtures' qa-client replaces the pact's.
 * - With `--base-url`: the same command against a real provider. Pact's guidance is that states cannot be
 *   set up on a third party's API, so only interactions whose data exist there are replayed (states of kind
 *   `data`, or as `--states` says); the rest are reported as not verifiable, not as failed. Credentials come
 *   from `--token` or the client-credentials flow (`--client-id`, `--client-secret`, `--token-url`).
 * Exit status: 0 when every replayed interaction verified, 1 otherwise.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Verifier } from '@pact-foundation/pact'
import { Command } from 'commander'
import { parse as parseYaml } from '../yaml.js'
import { mocks } from '../../mocks/index.js'
import { buildApp } from '../app.js'
import { TOKEN_PATH } from '../auth/token-endpoint.js'
import { clientCredentials, tokensFor, type TokenProvider } from '../clients/token-provider.js'
import { PACKAGE_ROOT } from '../config.js'
import { ownEntry } from '../engine/own.js'
import { gitVersion } from './broker.js'
import type { ProviderState } from '../engine/provider-states.js'

export interface VerifyOptions {
  /** Only this provider's pacts (an API id); with `--pact`, the API the user's pacts are for. */
  provider?: string
  /** A real provider's base URL, prefix included (`https://api.example.com/bo-billing`). */
  baseUrl?: string
  token?: string
  clientId?: string
  clientSecret?: string
  tokenUrl?: string
  /** Pact files or folders (default contracts/). */
  pact?: string[]
  /** YAML: state name or template → verify | skip, for a real provider. */
  states?: string
  /**
   * A state-change URL of the provider under test (Pact's providerStatesSetupUrl). With it every
   * interaction is replayed, its states set up there: e.g. another billing-mocks server's
   * `/__admin/provider-states?api=<id>`, or a provider sandbox that has one.
   */
  stateChangeUrl?: string
  /** Verify the broker's pacts (PACT_BROKER_BASE_URL) and publish the results there; version and branch from git. */
  publish?: boolean
  providerVersion?: string
  providerBranch?: string
  logLevel?: 'error' | 'warn' | 'info' | 'debug'
  /**
   * Against the mock: a provider state it cannot recognise fails the interaction (today's strictness).
   * Without it, such a state is a warning and the interaction is verified against the default world.
   */
  strictStates?: boolean
}

interface Interaction { description: string, providerStates?: Array<{ name: string }>, [key: string]: unknown }
interface PactFile { consumer: { name: string }, provider: { name: string }, interactions: Interaction[], [key: string]: unknown }

export interface ProviderReport {
  provider: string
  pacts: string[]
  verified: string[]
  failed: boolean
  /** Each failed interaction and why (the verifier's mismatches). */
  failures: Array<{ interaction: string, reasons: string[] }>
  notVerifiable: Array<{ interaction: string, reason: string }>
  /** Provider states the mock could not recognise: nothing was set up for them (without --strict-states). */
  warnings: string[]
  error?: string
}

/**
 * Verifies and returns one report per provider; never throws for a failed verification.
 * @example
 * const reports = await verify({ provider: 'bo-billing' })
 * reports.every((report) => !report.failed)
 */
export async function verify (options: VerifyOptions): Promise<ProviderReport[]> {
  if (options.baseUrl !== undefined && options.provider === undefined) throw new Error('--base-url needs --provider <id>: one real provider per run.')
  if ((options.clientId === undefined) !== (options.clientSecret === undefined)) throw new Error('--client-id and --client-secret go together.')
  const rules = options.states === undefined ? {} : parseYaml(readFileSync(options.states, 'utf8')) as Record<string, 'verify' | 'skip'>
  const publish = options.publish === true
  if (publish && (process.env.PACT_BROKER_BASE_URL ?? '') === '') throw new Error('--publish needs PACT_BROKER_BASE_URL (and PACT_BROKER_TOKEN): results are published for pacts fetched from the broker.')

  const groups = publish ? brokerGroups(options) : fileGroups(options)
  const reports: ProviderReport[] = []
  if (options.baseUrl === undefined) {
    const app = await buildApp({ port: 0, logLevel: 'error' })
    // The verifier only learns that a state change failed; the mock's answer says why, for the report.
    const stateFailures = new Map<string, string>()
    const stateWarnings = new Set<string>()
    app.addHook('onSend', async (request, reply, payload) => {
      if (request.url.startsWith('/__admin/provider-states') && typeof payload === 'string' && payload !== '') {
        const state = (request.body as { state?: unknown } | undefined)?.state
        // A teardown answers 204 with no body ("null").
        const answer = (JSON.parse(payload) ?? {}) as { message?: string, warning?: string }
        if (reply.statusCode >= 400) stateFailures.set(String(state), answer.message ?? payload)
        else if (answer.warning !== undefined) stateWarnings.add(unknownStateWarning(String(state), (request.query as { api?: string }).api))
      }
      return payload
    })
    const base = await app.listen({ host: '127.0.0.1', port: 0 })
    try {
      const tokens = clientCredentials({ tokenUrl: `${base}${TOKEN_PATH}`, clientId: 'qa-client', clientSecret: 'qa-secret' })
      for (const [provider, pacts] of groups) {
        if (!mocks.some((mock) => mock.id === provider)) {
          reports.push({ ...emptyReport(provider, pacts), failed: true, error: `"${provider}" is not an API of billing-mocks (${mocks.map((mock) => mock.id).join(', ')}): give --provider <id>.` })
          continue
        }
        const { kept, skipped } = select(pacts, (interaction) => skippedByRule(interaction, rules))
        reports.push(await run(provider, kept, skipped, options, {
          providerBaseUrl: `${base}/${provider}`,
          stateChangeUrl: `${base}/__admin/provider-states?api=${provider}${options.strictStates === true ? '&strict=true' : ''}`,
          stateWarnings,
          stateFailures,
          tokens
        }))
      }
    } finally {
      await app.close()
    }
    return reports
  }

  const tokens = tokensFor(options, options.baseUrl)
  for (const [provider, pacts] of groups) {
    const states = mocks.find((mock) => mock.id === provider)?.states ?? []
    const { kept, skipped } = select(pacts, (interaction) => options.stateChangeUrl === undefined ? unverifiable(interaction, states, rules) : skippedByRule(interaction, rules))
    if (tokens === undefined && kept.some(({ pact }) => pact.interactions.some(carriesToken))) {
      reports.push({ ...emptyReport(provider, pacts), failed: true, error: 'The interactions send a bearer token: give --token, or --client-id and --client-secret (and --token-url when the token URL is not <origin>/oauth/client_credential/accesstoken).' })
      continue
    }
    const report = await run(provider, kept, skipped, options, { providerBaseUrl: options.baseUrl, stateChangeUrl: options.stateChangeUrl, tokens })
    if (!publish && report.verified.length === 0 && report.failures.length === 0 && report.error === undefined) {
      report.failed = true
      report.error = 'Nothing was replayed: every interaction is not verifiable here. Map states to verify in --states, or give --state-change-url.'
    }
    reports.push(report)
  }
  return reports
}

type Group = Map<string, Array<{ file: string, pact: PactFile }>>

/** What the report says of a state the mock could not recognise: the state, and the ones it knows, to reword it by. */
function unknownStateWarning (state: string, api: string | undefined): string {
  const known = mocks.filter((mock) => api === undefined || mock.id === api).flatMap((mock) => (mock.states ?? []).map((candidate) => `"${candidate.template}"`))
  return `state "${state}" is unknown to the mock (it knows ${known.join(', ')}): nothing was set up, the interaction was verified against the default world`
}

/** Local pact files by provider: an API's own name, or --provider for pacts recorded under another name. */
function fileGroups (options: VerifyOptions): Group {
  const groups: Group = new Map()
  const paths = options.pact ?? [`${PACKAGE_ROOT}contracts`]
  for (const file of pactFiles(paths)) {
    const pact = JSON.parse(readFileSync(file, 'utf8')) as PactFile
    const own = pact.provider.name
    const provider = mocks.some((mock) => mock.id === own) ? own : options.provider ?? own
    if (options.provider !== undefined && provider !== options.provider) continue
    groups.set(provider, [...(groups.get(provider) ?? []), { file, pact }])
  }
  if (groups.size === 0) throw new Error(`No pact files${options.provider === undefined ? '' : ` for ${options.provider}`} in ${paths.join(', ')}.`)
  return groups
}

/** With --publish the pacts come from the broker (results can only be published for those). */
function brokerGroups (options: VerifyOptions): Group {
  const providers = options.provider === undefined ? mocks.map((mock) => mock.id) : [options.provider]
  return new Map(providers.map((provider) => [provider, []]))
}

function select (pacts: Array<{ file: string, pact: PactFile }>, reasonToSkip: (interaction: Interaction) => string | undefined): { kept: typeof pacts, skipped: ProviderReport['notVerifiable'] } {
  const skipped: ProviderReport['notVerifiable'] = []
  const kept = pacts.map(({ file, pact }) => ({
    file,
    pact: {
      ...pact,
      interactions: pact.interactions.filter((interaction) => {
        const reason = reasonToSkip(interaction)
        if (reason !== undefined) skipped.push({ interaction: interaction.description, reason })
        return reason === undefined
      })
    }
  }))
  return { kept, skipped }
}

function emptyReport (provider: string, pacts: Array<{ file: string }>): ProviderReport {
  return { provider, pacts: pacts.map(({ file }) => file), verified: [], failed: false, failures: [], notVerifiable: [], warnings: [] }
}

function carriesToken (interaction: Interaction): boolean {
  const headers = (interaction.request as { headers?: Record<string, unknown> } | undefined)?.headers ?? {}
  return Object.keys(headers).some((name) => name.toLowerCase() === 'authorization')
}

function skippedByRule (interaction: Interaction, rules: Record<string, 'verify' | 'skip'>): string | undefined {
  const name = (interaction.providerStates ?? []).map((state) => state.name).find((state) => ownEntry(rules, state) === 'skip')
  return name === undefined ? undefined : `state "${name}" is skipped by --states`
}

/** Why an interaction cannot be replayed against a real provider, or undefined when it can. */
function unverifiable (interaction: Interaction, states: ReadonlyArray<ProviderState<any>>, rules: Record<string, 'verify' | 'skip'>): string | undefined {
  for (const { name } of interaction.providerStates ?? []) {
    const state = states.find((candidate) => candidate.parse(name) !== undefined)
    const rule = ownEntry(rules, name) ?? (state === undefined ? undefined : ownEntry(rules, state.template))
    if (rule === 'skip') return `state "${name}" is skipped by --states`
    if (rule === 'verify') continue
    if (state === undefined) return `state "${name}" is unknown: map it in --states (verify or skip)`
    if (state.kind === 'scenario') return `state "${name}" needs the provider to fail on purpose, which cannot be set up on a third party's API`
  }
  return undefined
}

const BROKER_VARIABLES = ['PACT_BROKER_BASE_URL', 'PACT_BROKER_TOKEN', 'PACT_BROKER_USERNAME', 'PACT_BROKER_PASSWORD'] as const

/** pact-core turns to the broker whenever PACT_BROKER_BASE_URL is set; local files must not. */
async function withoutBroker<T> (work: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(BROKER_VARIABLES.map((name) => [name, process.env[name]]))
  for (const name of BROKER_VARIABLES) Reflect.deleteProperty(process.env, name)
  try {
    return await work()
  } finally {
    for (const name of BROKER_VARIABLES) if (saved[name] !== undefined) process.env[name] = saved[name]
  }
}

async function run (
  provider: string,
  pacts: Array<{ file: string, pact: PactFile }>,
  notVerifiable: ProviderReport['notVerifiable'],
  options: VerifyOptions,
  target: { providerBaseUrl: string, stateChangeUrl?: string, stateFailures?: Map<string, string>, stateWarnings?: Set<string>, tokens: TokenProvider | undefined }
): Promise<ProviderReport> {
  const report: ProviderReport = { ...emptyReport(provider, pacts), notVerifiable }
  const publish = options.publish === true
  const replayed = pacts.filter(({ pact }) => pact.interactions.length > 0)
  if (!publish && replayed.length === 0) return report

  // State changes go straight to the state-change URL rather than through pact-js stateHandlers, which
  // answer 200 even when a handler throws: a state that cannot be set up must fail its interaction.
  const stateUrl = target.stateChangeUrl
  const stateFailures = target.stateFailures ?? new Map<string, string>()
  stateFailures.clear()
  target.stateWarnings?.clear()

  const dir = mkdtempSync(join(tmpdir(), 'billing-mocks-verify-'))
  const urls = replayed.map(({ pact }, index) => {
    const file = join(dir, `${index}-${pact.consumer.name}-${provider}.json`)
    writeFileSync(file, JSON.stringify(pact))
    return file
  })
  const tokens = target.tokens
  const source = publish
    ? {
        pactBrokerUrl: process.env.PACT_BROKER_BASE_URL,
        ...(process.env.PACT_BROKER_TOKEN === undefined ? {} : { pactBrokerToken: process.env.PACT_BROKER_TOKEN }),
        consumerVersionSelectors: [{ mainBranch: true }, { matchingBranch: true }, { deployedOrReleased: true }],
        publishVerificationResult: true,
        providerVersion: options.providerVersion ?? gitVersion().version,
        providerVersionBranch: options.providerBranch ?? gitVersion().branch,
        ...(stateUrl === undefined ? {} : { providerStatesSetupUrl: stateUrl })
      }
    : { pactUrls: urls, ...(stateUrl === undefined ? {} : { providerStatesSetupUrl: stateUrl }) }
  const verifier = new Verifier({
    provider,
    providerBaseUrl: target.providerBaseUrl,
    logLevel: options.logLevel ?? 'warn',
    // A recorded pact carries a token that has long expired: every request gets a valid one.
    requestFilter: ((req: { headers: Record<string, string | string[] | undefined> }, _res: unknown, next: (err?: unknown) => void) => {
      // The verification proxy forwards a bodiless POST as a chunked empty body without a type; say it is empty.
      if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) req.headers['content-length'] = '0'
      if (tokens === undefined || req.headers.authorization === undefined) { next(); return }
      tokens.token().then((token) => {
        req.headers.authorization = `Bearer ${token}`
        next()
      }, next)
    }) as never,
    ...source
  })
  try {
    await (publish ? verifier.verifyProvider() : withoutBroker(async () => verifier.verifyProvider()))
    report.verified = replayed.flatMap(({ pact }) => pact.interactions.map((interaction) => interaction.description))
  } catch (err) {
    report.failed = true
    const outcome = verifierOutcome((err as Error).message)
    if (outcome === undefined) {
      report.error = (err as Error).message
    } else {
      report.verified = outcome.interactionResults.filter((result) => result.result === 'OK').map((result) => result.description)
      report.failures = outcome.errors.map(({ interaction, mismatch }) => ({
        interaction,
        reasons: [
          ...[...stateFailures].filter(([state]) => interaction.includes(`Given ${state}`)).map(([state, message]) => `state "${state}" could not be set up: ${message}`),
          ...(mismatch.mismatches?.map((m) => m.mismatch ?? m.type ?? 'mismatch') ?? [mismatch.message ?? mismatch.type ?? 'failed'])
        ]
      }))
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  report.warnings = [...(target.stateWarnings ?? [])]
  return report
}

interface VerifierOutcome {
  errors: Array<{ interaction: string, mismatch: { type?: string, message?: string, mismatches?: Array<{ mismatch?: string, type?: string }> } }>
  interactionResults: Array<{ description: string, result: string }>
}

/** pact-core rejects with its JSON report as the message; older versions with a sentence. */
function verifierOutcome (message: string): VerifierOutcome | undefined {
  try {
    const parsed = JSON.parse(message) as Partial<VerifierOutcome>
    return Array.isArray(parsed.errors) && Array.isArray(parsed.interactionResults) ? parsed as VerifierOutcome : undefined
  } catch {
    return undefined
  }
}

function pactFiles (paths: readonly string[]): string[] {
  return paths.flatMap((path) => statSync(path).isDirectory()
    ? readdirSync(path).filter((name) => name.endsWith('.json')).sort().map((name) => join(path, name))
    : [path])
}

/** The summary printed after the verifier's own output. */
export function summary (reports: readonly ProviderReport[]): string {
  const lines = ['', 'billing-mocks verify']
  for (const report of reports) {
    const status = report.failed ? 'FAILED' : report.verified.length === 0 ? 'nothing replayed' : 'verified'
    lines.push(`  ${report.provider}: ${status} — ${report.verified.length} interactions verified, ${report.notVerifiable.length} not verifiable (${report.pacts.length} pact file(s))`)
    if (report.error !== undefined) lines.push(`    ${report.error.split('\n')[0] ?? ''}`)
    for (const { interaction, reasons } of report.failures) {
      lines.push(`    FAILED: ${interaction}`)
      for (const reason of reasons) lines.push(`      - ${reason}`)
    }
    for (const { interaction, reason } of report.notVerifiable) lines.push(`    not verifiable: "${interaction}": ${reason}`)
    for (const warning of report.warnings) lines.push(`    warning: ${warning} (--strict-states makes this a failure)`)
  }
  return lines.join('\n') + '\n'
}

function createProgram (): Command {
  return new Command('verify')
    .description('Verify Pact contracts against the in-process mock, or against a real provider with --base-url.')
    .option('--provider <id>', 'only this API\'s pacts; with --pact, the API the pacts are for')
    .option('--base-url <url>', 'a real provider\'s base URL, prefix included')
    .option('--token <token>', 'bearer token for the real provider')
    .option('--client-id <id>', 'OAuth client for the real provider\'s token URL')
    .option('--client-secret <secret>', 'its secret')
    .option('--token-url <url>', 'the real provider\'s token URL (default <origin>/oauth/client_credential/accesstoken)')
    .option('--pact <paths...>', 'pact files or folders (default contracts/)')
    .option('--states <yaml>', 'for a real provider: state name or template → verify | skip')
    .option('--state-change-url <url>', 'the provider\'s own state-change URL: every interaction is replayed, its states set up there')
    .option('--publish', 'verify the pacts of PACT_BROKER_BASE_URL and publish the results there')
    .option('--provider-version <version>', 'provider version for the broker (default: git commit)')
    .option('--provider-branch <branch>', 'provider branch for the broker (default: git branch)')
    .option('--log-level <level>', 'the verifier\'s log level', 'warn')
    .option('--json <file>', 'also write the reports as JSON to this file (for scripts and tests)')
    .option('--strict-states', 'fail an interaction whose provider state the mock cannot recognise (default: warn, and verify it against the default world)')
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.env.PACT_DO_NOT_TRACK ??= 'true'
  const options = createProgram().parse(process.argv).opts<VerifyOptions>()
  mkdirSync(`${PACKAGE_ROOT}test-output`, { recursive: true })
  verify(options).then((reports) => {
    const json = (options as VerifyOptions & { json?: string }).json
    if (json !== undefined) writeFileSync(json, JSON.stringify(reports, null, 2) + '\n')
    process.stdout.write(summary(reports))
    process.exitCode = reports.some((report) => report.failed) ? 1 : 0
  }, (err: unknown) => {
    process.stderr.write(`verify: ${(err as Error).message}\n`)
    process.exitCode = 1
  })
}
