/**
 * The `billing-mocks` command: flags ↔ BILLING_MOCKS_* variables, listen, print where everything is, and
 * close gracefully on SIGINT/SIGTERM.
 */
import { writeFileSync } from 'node:fs'
import { relative } from 'node:path'
import { Command, InvalidArgumentError, Option } from 'commander'
import { distance } from 'fastest-levenshtein'
import cluster from 'node:cluster'
import closeWithGrace from 'close-with-grace'
import { mocks } from '../mocks/index.js'
import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.js'
import { WORKER_OPTIONS_VARIABLE } from './cluster/messages.js'
import { startPrimary } from './cluster/primary.js'
import { connectToPrimary } from './cluster/worker.js'
import { DEFAULT_CONFIG, PACKAGE_ROOT, type Config } from './config.js'
import type { ProxyInstance, ProxyOptions } from './drift/proxy.js'

type OptionKey = keyof Config

/** Every option of `billing-mocks start`: flag, variable, description. README's table comes from here. */
export const CLI_OPTIONS: Array<{ key: OptionKey, flag: string, env: string, description: string, parse?: (value: string) => unknown }> = [
  { key: 'host', flag: '--host <address>', env: 'BILLING_MOCKS_HOST', description: 'address to listen on (loopback by default)' },
  { key: 'port', flag: '-p, --port <number>', env: 'BILLING_MOCKS_PORT', description: 'port to listen on (0 = any free port)', parse: integer },
  { key: 'seed', flag: '-s, --seed <number>', env: 'BILLING_MOCKS_SEED', description: 'seed of the generated world; same seed, same bytes', parse: integer },
  { key: 'fixtures', flag: '-f, --fixtures <paths...>', env: 'BILLING_MOCKS_FIXTURES', description: 'fixture YAML files or folders of them, later ones override earlier ones (variable: comma-separated)', parse: (value) => value.split(',').map((file) => file.trim()).filter((file) => file !== '') },
  { key: 'tokenTtl', flag: '--token-ttl <seconds>', env: 'BILLING_MOCKS_TOKEN_TTL', description: 'lifetime of issued access tokens', parse: integer },
  { key: 'tokenSecret', flag: '--token-secret <secret>', env: 'BILLING_MOCKS_TOKEN_SECRET', description: 'key that signs tokens (default: derived from the seed)' },
  { key: 'clock', flag: '--clock <iso-date-time>', env: 'BILLING_MOCKS_CLOCK', description: 'freeze the clock (timestamps in answers, token issue and expiry)' },
  { key: 'corsOrigin', flag: '--cors-origin <origins>', env: 'BILLING_MOCKS_CORS_ORIGIN', description: 'CORS: "local" (localhost, any port), "*", "false", or a comma-separated list' },
  { key: 'logLevel', flag: '--log-level <level>', env: 'BILLING_MOCKS_LOG_LEVEL', description: 'fatal, error, warn, info, debug, trace or silent' },
  { key: 'logFormat', flag: '--log-format <auto|pretty|json>', env: 'BILLING_MOCKS_LOG_FORMAT', description: 'log lines: "pretty" (readable), "json" (one object per line), or "auto": pretty when stdout is a terminal' },
  { key: 'admin', flag: '--no-admin', env: 'BILLING_MOCKS_NO_ADMIN', description: 'turn the admin API (/__admin) off' },
  { key: 'adminToken', flag: '--admin-token <token>', env: 'BILLING_MOCKS_ADMIN_TOKEN', description: 'token the admin API requires (required beyond loopback unless --no-admin)' },
  { key: 'allowedHosts', flag: '--allowed-hosts <names>', env: 'BILLING_MOCKS_ALLOWED_HOSTS', description: 'Host names the admin API answers besides loopback names, IP addresses and --host, comma-separated (".example.com": a domain and its subdomains; "all": any); a compose service name, say', parse: (value) => value.split(',').map((name) => name.trim()).filter((name) => name !== '') },
  { key: 'journalSize', flag: '--journal-size <requests>', env: 'BILLING_MOCKS_JOURNAL_SIZE', description: 'requests the journal keeps, oldest dropped first (0 = none)', parse: integer },
  { key: 'workers', flag: '--workers <count>', env: 'BILLING_MOCKS_WORKERS', description: 'server processes sharing the port (node:cluster), for machines with more cores; scenarios and the journal stay shared', parse: integer },
  { key: 'state', flag: '--state <memory|redis-url>', env: 'BILLING_MOCKS_STATE', description: 'where activations, scenario states and the journal live: "memory", or redis://[user:pass@]host:port[/db] (rediss:// too) to share them between replicas and keep them across restarts' },
  { key: 'statePrefix', flag: '--state-prefix <prefix>', env: 'BILLING_MOCKS_STATE_PREFIX', description: 'key prefix in Redis; processes with the same one share a state (default billing-mocks:<seed>)' },
  { key: 'replay', flag: '--no-replay', env: 'BILLING_MOCKS_NO_REPLAY', description: 'answer every request through the full path, even one seen before (replays only happen while request logs are off: --log-level warn or quieter)' },
  { key: 'shutdownGrace', flag: '--shutdown-grace <seconds>', env: 'BILLING_MOCKS_SHUTDOWN_GRACE', description: 'on SIGTERM/SIGINT, how long requests in flight may finish; the rest are cut off and logged, and the process exits 0', parse: seconds },
  { key: 'watchFixtures', flag: '--watch-fixtures', env: 'BILLING_MOCKS_WATCH_FIXTURES', description: 'reload the fixture files when they change' },
  { key: 'billingdataKeys', flag: '--billingdata-keys <es|en>', env: 'BILLING_MOCKS_BILLINGDATA_KEYS', description: 'billingdata answer keys: "es" (Datos, éxito) or "en" (data, success)' }
]

function seconds (value: string): number {
  if (!/^\d+(\.\d+)?$/.test(value.trim())) throw new InvalidArgumentError(`"${value}" is not a number of seconds.`)
  return Number(value)
}

function integer (value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`"${value}" is not a non-negative integer.`)
  return Number(value)
}

/**
 * Builds the commander program; `run` parses argv and starts the server.
 * @example
 * await createProgram().parseAsync(['node', 'billing-mocks', 'start', '--port', '4011'])
 */
export function createProgram (): Command {
  const program = new Command('billing-mocks')
    .description('Mock servers for five invoice and billing APIs, with OpenAPI docs, OAuth and QA fixtures.')
    .showHelpAfterError()

  const start = program.command('start', { isDefault: true }).description('start the mock server (the default command)')
  for (const spec of CLI_OPTIONS) {
    const option = new Option(spec.flag, spec.description).env(spec.env)
    const fallback = DEFAULT_CONFIG[spec.key]
    if (fallback !== undefined) option.default(fallback, Array.isArray(fallback) ? fallback.map((file) => relative(PACKAGE_ROOT, file)).join(' ') : String(fallback))
    if (spec.parse !== undefined) {
      const parse = spec.parse
      // A variadic flag gives one value at a time; a variable gives the comma-separated list at once.
      option.argParser((value: string, previous: unknown) => spec.key === 'fixtures' && Array.isArray(previous) && previous !== fallback ? [...previous, ...(parse(value) as string[])] : parse(value))
    }
    start.addOption(option)
  }
  // `start` is the default command, so a mistyped command (`billing-mocks strat`) reaches it as an argument:
  // say it is no command, and which one was meant, rather than "too many arguments". A hook rather than part
  // of the action, so the check holds whatever the action is (tests swap it for one that starts no server).
  start.allowExcessArguments(true)
    .hook('preAction', (command) => {
      const [word] = command.args
      if (word !== undefined) program.error(unknownCommand(word, program.commands.map((candidate) => candidate.name())))
    })
    .action(async (options: Partial<Config>) => { await startServer(options) })

  program.command('proxy')
    .description('forward each API to its real provider, check every answer against the API\'s OpenAPI document, and optionally record the exchanges as fixtures')
    .option('--api <id>', 'an API to forward, under its usual /<id> prefix (repeat for several; paired with --target by order)', collect, [])
    .option('--target <url>', 'the real provider\'s base URL for the --api in the same position (repeatable)', collect, [])
    .addOption(new Option('--client-id <id>', 'get a token with these client credentials and send it to APIs that take one (otherwise the applications\' credentials pass through)').env('BILLING_MOCKS_PROXY_CLIENT_ID'))
    .addOption(new Option('--client-secret <secret>', 'the client secret for --client-id (prefer the variable: a flag shows in the process list)').env('BILLING_MOCKS_PROXY_CLIENT_SECRET'))
    .option('--token-url <url>', 'token URL (default: <target origin>/oauth/client_credential/accesstoken)')
    .option('--errors', 'answer 502 with the report instead of a drifted answer')
    .option('--record <dir>', 'write the real exchanges as fixture files, <dir>/<api>.recorded.yaml')
    .option('--record-files <apis>', 'keep file payloads (base64 PDFs, ZIPs, XML) for these APIs, comma-separated, or "all"; others get a placeholder', list, [])
    .option('--mask <yaml>', 'extra masking rules for recordings: fields, patterns ({regex, replacement}), salt, defaults')
    .option('--report <file>', 'write the JSON summary here when the proxy stops')
    .option('--journal-size <requests>', 'requests the journal (/__admin/requests) keeps', integer, DEFAULT_CONFIG.journalSize)
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent', DEFAULT_CONFIG.logLevel)
    .option('--host <address>', 'address to listen on', DEFAULT_CONFIG.host)
    .option('-p, --port <number>', 'port to listen on (0 = any free port)', integer, DEFAULT_CONFIG.port)
    .action(async (options: ProxyFlags) => { await startProxy(options) })
  // `start` is what runs without a command: its options belong on the first help page too.
  program.addHelpText('after', () => `\nOptions of start (the default command, so \`billing-mocks --port 4011\` works):\n${optionsOf(start)}`)
  return program
}

/** The "Options:" part of a command's help: its flags, variables and defaults. */
function optionsOf (command: Command): string {
  const help = command.helpInformation()
  return help.slice(help.indexOf('Options:') + 'Options:'.length).replace(/^\n/, '')
}

/**
 * The error for a word that is no command, with the nearest command when one is close.
 * @example
 * unknownCommand('strat', ['start', 'proxy']) // "unknown command 'strat' (Did you mean start?) …"
 */
export function unknownCommand (word: string, commands: readonly string[]): string {
  const nearest = commands.map((name) => ({ name, distance: distance(word, name) })).sort((a, b) => a.distance - b.distance)[0]
  const suggestion = nearest !== undefined && nearest.distance <= Math.max(2, Math.floor(word.length / 2)) ? ` (Did you mean ${nearest.name}?)` : ''
  return `error: unknown command '${word}'${suggestion}. Commands: ${commands.join(', ')}; without one, billing-mocks starts the server.`
}

function collect (value: string, previous: string[]): string[] {
  return [...previous, value]
}

function list (value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',').map((item) => item.trim()).filter((item) => item !== '')]
}

/** The flags of `billing-mocks proxy`, as commander gives them. */
export interface ProxyFlags {
  api: string[]
  target: string[]
  clientId?: string
  clientSecret?: string
  tokenUrl?: string
  errors?: boolean
  record?: string
  recordFiles?: string[]
  mask?: string
  report?: string
  journalSize?: number
  logLevel?: string
  host?: string
  port?: number
}

/**
 * The proxy's options from its flags: `--api` and `--target` paired by position.
 * @example
 * proxyOptions({ api: ['masstack'], target: ['https://api.example.com/masstack'] }).targets // [{ api: 'masstack', target: 'https://api.example.com/masstack' }]
 */
export function proxyOptions (flags: ProxyFlags): ProxyOptions {
  if (flags.api.length !== flags.target.length) {
    throw new InvalidArgumentError(`${flags.api.length} --api but ${flags.target.length} --target: give one --target after each --api, e.g. --api masstack --target https://api.example.com/masstack.`)
  }
  return {
    targets: flags.api.map((api, index) => ({ api, target: flags.target[index] ?? '' })),
    ...(flags.clientId === undefined ? {} : { clientId: flags.clientId }),
    ...(flags.clientSecret === undefined ? {} : { clientSecret: flags.clientSecret }),
    ...(flags.tokenUrl === undefined ? {} : { tokenUrl: flags.tokenUrl }),
    errors: flags.errors === true,
    ...(flags.record === undefined ? {} : { record: flags.record }),
    recordFiles: flags.recordFiles ?? [],
    ...(flags.mask === undefined ? {} : { mask: flags.mask }),
    journalSize: flags.journalSize ?? DEFAULT_CONFIG.journalSize,
    logLevel: flags.logLevel ?? DEFAULT_CONFIG.logLevel
  }
}

/**
 * Starts the proxy, prints where each API goes, and on SIGINT/SIGTERM prints the drift summary and writes
 * the JSON report (`--report`).
 * @example
 * const { address } = await startProxy({ api: ['masstack'], target: ['https://api.example.com/masstack'], port: 0 })
 */
export async function startProxy (flags: ProxyFlags): Promise<{ app: ProxyInstance, address: string }> {
  // Loaded only for `proxy`: `start` should not pay for the drift checker at start-up.
  const [{ buildProxy }, { formatSummary }] = await Promise.all([import('./drift/proxy.js'), import('./drift/summary.js')])
  const app = await buildProxy(proxyOptions(flags))
  const address = (await app.listen({ host: flags.host ?? DEFAULT_CONFIG.host, port: flags.port ?? DEFAULT_CONFIG.port })).replace('[::1]', 'localhost')
  const lines = [
    `billing-mocks proxy listening on ${address}${flags.errors === true ? ' (drifted answers become 502)' : ''}`,
    ...flags.api.map((api, index) => `  ${api.padEnd(13)} ${address}/${api} → ${flags.target[index] ?? ''}  (checked against mocks/${api}/openapi.json)`),
    `  journal       ${address}/__admin/requests (violations of each answer)`,
    ...(flags.record === undefined ? [] : [`  recording     ${flags.record}/<api>.recorded.yaml`])
  ]
  process.stdout.write(lines.join('\n') + '\n')

  closeWithGrace({ delay: backstopMs({}) }, async ({ err }) => {
    if (err !== undefined) app.log.error({ err }, 'closing after an error')
    await app.close()
    const summary = app.drift.summary()
    process.stdout.write('\n' + formatSummary(summary))
    if (flags.report !== undefined) {
      writeFileSync(flags.report, JSON.stringify(summary, null, 2) + '\n')
      process.stdout.write(`JSON report: ${flags.report}\n`)
    }
  })
  return { app, address }
}

/**
 * Starts the server with the given options, prints where each API lives, and closes it gracefully on
 * SIGINT/SIGTERM.
 * @example
 * const { address } = await startServer({ port: 0 })
 */
export async function startServer (options: Partial<Config>): Promise<{ app: FastifyInstance, address: string }> {
  const workerOptions = process.env[WORKER_OPTIONS_VARIABLE]
  if (cluster.isWorker && workerOptions !== undefined) return await startWorker(JSON.parse(workerOptions) as Partial<Config>)
  const started = Date.now()
  const workers = options.workers ?? DEFAULT_CONFIG.workers
  let app: FastifyInstance
  let base: string
  let close: () => Promise<void>
  if (workers > 1) {
    const primary = await startPrimary({ ...options, workers })
    ;({ app, address: base, close } = primary)
  } else {
    app = await buildApp(options)
    const address = await app.listen({ host: options.host ?? DEFAULT_CONFIG.host, port: options.port ?? DEFAULT_CONFIG.port })
    base = address.replace('[::1]', 'localhost')
    close = async () => { await app.close() }
  }
  const lines = [
    `billing-mocks listening on ${base} (ready in ${Date.now() - started} ms${workers > 1 ? `, ${workers} workers` : ''})`,
    `  docs          ${base}/docs`,
    `  oauth token   ${base}/oauth/client_credential/accesstoken?grant_type=client_credentials`,
    ...mocks.map((mock) => `  ${mock.id.padEnd(13)} ${base}/${mock.id}`),
    `  health        ${base}/health`,
    ...(app.mocks.config.admin
      ? [`  admin         ${base}/__admin (scenarios, request journal: ${base}/__admin/requests)`,
          `  QA console    ${base}/__admin/console (scenarios, live requests, invoice files, in the browser)`]
      : [])
  ]
  process.stdout.write(lines.join('\n') + '\n')

  closeWithGrace({ delay: backstopMs(options) }, async ({ err }) => {
    if (err !== undefined) app.log.error({ err }, 'closing after an error')
    await close()
  })
  return { app, address: base }
}

/**
 * How long close-with-grace waits before it gives up and exits 1: the server itself cuts off the requests
 * still in flight after --shutdown-grace (src/assembly/graceful-close.ts), so this only fires when closing
 * hangs for another reason.
 */
function backstopMs (options: Partial<Config>): number {
  return ((options.shutdownGrace ?? DEFAULT_CONFIG.shutdownGrace) + 5) * 1000
}

/** A worker of `--workers`: the same server, sharing scenarios, the journal and the admin API with the primary. */
async function startWorker (options: Partial<Config>): Promise<{ app: FastifyInstance, address: string }> {
  // The primary watches the fixture files (--watch-fixtures) and tells every worker to reload.
  // With Redis (--state redis://…) each worker is a replica of its own, sharing the state through Redis.
  const shared = (options.state ?? DEFAULT_CONFIG.state) === 'memory'
  const app = await buildApp({ ...options, watchFixtures: false }, shared ? { link: connectToPrimary() } : {})
  const address = await app.listen({ host: options.host ?? DEFAULT_CONFIG.host, port: options.port ?? DEFAULT_CONFIG.port })
  let stopping: Promise<void> | undefined
  const stop = async (): Promise<void> => {
    stopping ??= app.close().then(() => { process.disconnect?.() })
    await stopping
  }
  // The primary's way of stopping a worker; a signal (Ctrl+C reaches every process of the group) is the other.
  process.on('message', (message: { type?: string }) => { if (message.type === 'close') stop().catch(() => { process.exit(1) }) })
  closeWithGrace({ delay: backstopMs(options) }, async ({ err }) => {
    if (err !== undefined) app.log.error({ err }, 'closing after an error')
    await stop()
  })
  return { app, address }
}
