/**
 * The one configuration object of a billing-mocks server. The CLI (src/cli.ts) builds it from flags and
 * BILLING_MOCKS_* variables; tests and library users pass a partial one to `buildApp`.
 */
import { fileURLToPath } from 'node:url'
import { Check, Errors, Pointer, Type, type Static } from './typebox.js'

export const LogLevelSchema = Type.Unsafe<'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'>({
  type: 'string',
  enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']
})

/** The values of `--log-format` (src/logging.ts decides what `auto` means). */
export const LOG_FORMATS = ['auto', 'pretty', 'json'] as const

export type LogFormat = typeof LOG_FORMATS[number]

export const ConfigSchema = Type.Object({
  host: Type.String({ minLength: 1, description: 'Address to listen on. Loopback by default, so the mock is not reachable from other machines.' }),
  port: Type.Integer({ minimum: 0, maximum: 65535, description: 'Port to listen on (0 picks a free one).' }),
  seed: Type.Integer({ minimum: 0, maximum: 2 ** 32 - 1, description: 'Seed of the generated world: the same seed gives byte-identical answers.' }),
  fixtures: Type.Array(Type.String({ minLength: 1 }), { description: 'Fixture YAML files; later files override earlier ones.' }),
  tokenTtl: Type.Integer({ minimum: 1, description: 'Lifetime of issued access tokens, in seconds.' }),
  tokenSecret: Type.Optional(Type.String({ minLength: 1, description: 'Key that signs access tokens. Replicas that share it (and the seed) accept each other\'s tokens. Defaults to a key derived from the seed.' })),
  clock: Type.Optional(Type.String({ format: 'date-time', description: 'Freeze the server clock at this ISO date-time (timestamps in answers, token issue and expiry).' })),
  corsOrigin: Type.String({ description: 'Origins allowed by CORS: "local" (any port on localhost/127.0.0.1), "*", "false", or a comma-separated list.' }),
  logLevel: LogLevelSchema,
  logFormat: Type.Unsafe<LogFormat>({ type: 'string', enum: [...LOG_FORMATS], description: 'Log lines: "pretty" (readable), "json" (one object per line) or "auto" (pretty when stdout is a terminal).' }),
  admin: Type.Boolean({ description: 'Serve the admin API under /__admin (scenarios, request journal, reset, reload). On by default.' }),
  allowedHosts: Type.Array(Type.String({ minLength: 1 }), { description: 'Host names the admin API answers besides loopback names, IP addresses and --host (a guard against DNS rebinding): a name, ".example.com" for a domain and its subdomains, or "all".' }),
  adminToken: Type.Optional(Type.String({ minLength: 8, description: 'Token the admin API requires (Authorization: Bearer <token> or X-Admin-Token). Required when listening beyond loopback with the admin API on.' })),
  journalSize: Type.Integer({ minimum: 0, maximum: 100_000, description: 'Requests the journal keeps (a ring buffer: the oldest go first); 0 keeps none.' }),
  workers: Type.Integer({ minimum: 1, maximum: 64, description: 'Server processes sharing the port (node:cluster): answers, tokens, scenarios and the journal are the same whichever one answers. The CLI\'s option; buildApp is always one process.' }),
  state: Type.String({ pattern: '^(memory|rediss?://.+)$', description: 'Where activations, scenario states and the journal live: "memory" (this process) or "redis://[user:pass@]host:port[/db]" (also rediss://), shared by every process pointed at the same Redis and prefix, and kept across restarts.' }),
  statePrefix: Type.Optional(Type.String({ minLength: 1, pattern: '^\\S+$', description: 'The key prefix in Redis: processes with the same prefix share one state. Defaults to "billing-mocks:<seed>"; give each team or environment its own.' })),
  replay: Type.Boolean({ description: 'Answer a request that came before (same method, URL and headers, no body, nothing changed since) with the answer already made, ahead of routing and validation. On by default; it takes effect while request logs are off (--log-level warn or quieter).' }),
  shutdownGrace: Type.Number({ minimum: 0, maximum: 3600, description: 'On SIGTERM/SIGINT, how long requests in flight may finish, in seconds; those still running then are cut off and logged, and the process exits 0.' }),
  watchFixtures: Type.Boolean({ description: 'Reload the fixture files when they change on disk (a bad file is reported and the old fixtures stay).' }),
  billingdataKeys: Type.Unsafe<'es' | 'en'>({ type: 'string', enum: ['es', 'en'], description: 'billingdata answer keys: "es" as the translated document (Datos, éxito) or "en" (data, success).' })
})

export type Config = Static<typeof ConfigSchema>

/** The package's own folder (this file runs from src/ in development and from dist/src/ once built). */
export const PACKAGE_ROOT = fileURLToPath(new URL(import.meta.url.includes('/dist/') ? '../../' : '../', import.meta.url))

/** Defaults of every option: what `npm start` runs with. */
export const DEFAULT_CONFIG: Config = {
  host: '127.0.0.1',
  port: 4010,
  seed: 1,
  // The well-known identities, then the QA scenario catalogue (docs/scenarios.md).
  fixtures: [`${PACKAGE_ROOT}fixtures/default.yaml`, `${PACKAGE_ROOT}fixtures/qa-scenarios.yaml`],
  tokenTtl: 3600,
  corsOrigin: 'local',
  logLevel: 'info',
  logFormat: 'auto',
  admin: true,
  allowedHosts: [],
  journalSize: 1000,
  workers: 1,
  state: 'memory',
  replay: true,
  shutdownGrace: 10,
  watchFixtures: false,
  billingdataKeys: 'es'
}

/** Whether an address only accepts connections from this machine. */
export function isLoopback (host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host)
}

/**
 * Merges overrides onto the defaults and validates the result, failing with a message that names the option.
 * @example
 * const config = resolveConfig({ port: 0, logLevel: 'silent' })
 */
export function resolveConfig (overrides: Partial<Config> = {}): Config {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined))
  const config = { ...DEFAULT_CONFIG, ...defined }
  if (typeof config.state === 'string' && !/^(memory|rediss?:\/\/.+)$/.test(config.state)) {
    throw new Error(`Invalid configuration: --state (BILLING_MOCKS_STATE) is "memory" or a Redis URL, redis://[user:password@]host:port[/db] or rediss://…; got "${config.state.replace(/\/\/[^@/]*@/, '//***@')}".`)
  }
  const error = Check(ConfigSchema, config) ? undefined : Errors(ConfigSchema, config)[1][0]
  if (error !== undefined) {
    const option = error.instancePath.replace(/^\//, '').split('/')[0] ?? ''
    throw new Error(`Invalid configuration: option "${option}" ${error.message} (got ${JSON.stringify(Pointer.Get(config, error.instancePath))}). Fix the flag or the BILLING_MOCKS_* variable.`)
  }
  if (config.admin && config.adminToken === undefined && !isLoopback(config.host)) {
    throw new Error(`Refusing to start: listening on ${config.host} would open the admin API (/__admin: switch scenarios, read every request with its headers, reload fixtures) to other machines without a token. Set --admin-token (BILLING_MOCKS_ADMIN_TOKEN), turn the admin API off with --no-admin (BILLING_MOCKS_NO_ADMIN=true), or listen on 127.0.0.1.`)
  }
  return config
}

/** The moment the server considers "now": the frozen `clock` when set, the wall clock otherwise. */
export function now (config: Pick<Config, 'clock'>): Date {
  return config.clock === undefined ? new Date() : new Date(config.clock)
}
