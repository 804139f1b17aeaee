/**
 * `buildApp(config)`: the whole server without listening, shared by the CLI, the tests and library users.
 * Engine-wide parts (CORS, Prefer parsing, the OAuth token endpoint, /health, /docs) at the root; each API
 * from the registry as an encapsulated plugin under `/<id>`.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyInstance } from 'fastify'
import { mocks as registry } from '../mocks/index.js'
import tokenEndpoint, { TOKEN_PATH } from './auth/token-endpoint.js'
import { createTokenService } from './auth/tokens.js'
import { isLoopback, resolveConfig, type Config } from './config.js'
import docs from './docs/index.js'
import { DOCUMENT_INFO, type MockDefinition } from './engine/define-mock.js'
import { edgeErrors } from './assembly/edge-errors.js'
import gracefulClose from './assembly/graceful-close.js'
import { mountMock } from './assembly/mount-mock.js'
import { rememberingSerializer } from './engine/serializer.js'
import { lazyValidator } from './engine/validator.js'
import { createRuntime, type Runtime } from './assembly/runtime.js'
import { createStateStore } from './assembly/state/index.js'
import { registerServerSteps, replayableRoutes } from './assembly/pipeline.js'
import { createReplay } from './assembly/replay.js'
import admin, { ADMIN_PREFIX, adminErrorResponse } from './admin/index.js'
import { watchFixtures } from './assembly/watch-fixtures.js'
import type { WorkerLink } from './cluster/worker.js'
import { logDestination } from './logging.js'
import { LOG_REDACTION } from './log-redaction.js'
import swagger from '@fastify/swagger'

declare module 'fastify' {
  interface FastifyInstance {
    /** The server's runtime state: fixtures, worlds, scenario registry, journal. Library users drive scenarios with it. */
    mocks: Runtime
  }
}

export interface BuildOptions {
  /** The APIs to mount; the registry of mocks/index.ts by default. */
  mocks?: ReadonlyArray<MockDefinition<any, any>>
  /** In a worker of `--workers`: shares the journal, the scenario registry and the admin API with the primary. */
  link?: WorkerLink
}

/**
 * Builds the server. Throws at once, with a message that names the cause, on bad configuration or fixtures.
 * @example
 * const app = await buildApp({ logLevel: 'silent' })
 * const res = await app.inject({ url: '/health' })
 */
export async function buildApp (overrides: Partial<Config> = {}, options: BuildOptions = {}): Promise<FastifyInstance> {
  const config = resolveConfig(overrides)
  const mocks = options.mocks ?? registry
  const runtime = createRuntime(config, mocks, options.link?.store(config.journalSize) ?? await createStateStore(config))
  options.link?.follow(runtime)
  const tokens = createTokenService(config, () => runtime.current().staticTokens)
  // The admin API answers failures under its prefix (an over-long URL, an unparsable request) in its own body.
  const edge = edgeErrors(config, mocks, config.admin ? [{ prefix: ADMIN_PREFIX, shape: adminErrorResponse }] : [])
  // A replay writes no log line: with request logs on (info and below), every request takes the full path.
  const replay = createReplay({ epoch: runtime.epoch, enabled: config.replay && QUIET_LEVELS.has(config.logLevel), replayable: replayableRoutes(mocks) })

  const app = Fastify({
    logger: { ...logDestination(config.logFormat), level: config.logLevel, ...LOG_REDACTION },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
    // A silent server gives requests its own logger rather than a child per request that would log nothing.
    childLoggerFactory: (logger, bindings, options) => logger.level === 'silent' ? logger : logger.child(bindings, options),
    // Answers the handlers cache (the same object for the same request) are serialised once; schemas compile
    // on a route's first request, not at start-up.
    schemaController: { compilersFactory: { buildSerializer: rememberingSerializer(), buildValidator: lazyValidator() } },
    // The limits (body, headers, URL, path parameter; src/engine/limits.ts), and each refusal in the error
    // shape of the API the path names.
    ...edge.serverOptions
  }).withTypeProvider<TypeBoxTypeProvider>()
  app.decorate('mocks', runtime)
  // The state in force (a shared store may hold activations from before a restart), and a close that lets go of it.
  await runtime.state.open(app.log)
  app.addHook('onClose', async () => { await runtime.state.close() })
  runtime.state.onReloadElsewhere(async () => {
    try {
      const loaded = await runtime.reload({ elsewhere: true })
      app.log.info({ files: loaded.fixtures.files.map((file) => file.file) }, 'fixtures reloaded: another process sharing the state reloaded them')
    } catch (err) {
      app.log.warn(`another process sharing the state reloaded its fixtures, but this one could not: ${(err as Error).message} The fixtures in force stay.`)
    }
  })
  app.decorateRequest('scenario', null)
  app.decorateRequest('recorded', false)
  // Steps 0–4 of the request pipeline (src/assembly/pipeline.ts): replay, journal, limits, CORS, preferences.
  await registerServerSteps(app, { config, runtime, replay, edge })
  await app.register(gracefulClose, { graceMs: config.shutdownGrace * 1000 })

  await app.register(async (oauth) => {
    await oauth.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: { title: 'OAuth token endpoint (Apigee)', version: '1.0.0', description: `Client-credentials tokens for every API that takes a bearer token. Documented at ${TOKEN_PATH}?grant_type=client_credentials.`, ...DOCUMENT_INFO },
        servers: [{ url: '/', description: 'billing-mocks' }],
        tags: [{ name: 'OAuth', description: 'The token URL of Tigo\'s Apigee gateway (documents 000 and 001).' }],
        components: { securitySchemes: { clientBasic: { type: 'http', scheme: 'basic', description: 'client_id and client_secret as HTTP Basic credentials (qa-client / qa-secret in fixtures/default.yaml).' } } }
      },
      // With HTTP Basic credentials and grant_type in the URL the form body may be absent.
      transformObject: (documentObject) => {
        if (!('openapiObject' in documentObject)) return documentObject.swaggerObject
        const requestBody = documentObject.openapiObject.paths?.[TOKEN_PATH]?.post?.requestBody
        if (requestBody !== undefined && 'required' in requestBody) requestBody.required = false
        return documentObject.openapiObject
      }
    })
    await oauth.register(tokenEndpoint, { config, clients: () => runtime.current().clients, tokens })
    oauth.get('/oauth/openapi.json', { schema: { hide: true } }, async () => oauth.swagger())
  })

  // Under --workers, which worker answered (the answer is otherwise the same from each).
  const worker = options.link === undefined ? {} : { worker: process.pid }
  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok', apis: mocks.map((mock) => mock.id), ...worker }))

  for (const definition of mocks) {
    await app.register(async (child) => mountMock(child, { definition: definition as never, runtime, tokens }), { prefix: `/${definition.id}` })
  }
  if (config.admin && options.link !== undefined) await app.register(options.link.admin, { prefix: ADMIN_PREFIX })
  else if (config.admin) await app.register(admin, { runtime, definitions: mocks, tokens, prefix: ADMIN_PREFIX })

  await app.register(docs, {
    documents: [
      ...mocks.map((mock) => ({ name: `${mock.id} — ${mock.openapi.title}`, url: `/${mock.id}/openapi.json` })),
      { name: 'oauth — token endpoint', url: '/oauth/openapi.json' },
      ...(config.admin ? [{ name: 'admin — scenarios, journal, reset', url: `${ADMIN_PREFIX}/openapi.json` }] : [])
    ]
  })

  app.setNotFoundHandler(async (request, reply) => reply.code(404).send(edge.notFound(request)))

  // Every route has registered (each register above was awaited): check what the fixtures say about them
  // (scenario routes and codes, entity tags). A problem stops start-up with its file and line.
  try {
    runtime.check()
  } catch (err) {
    await app.close()
    throw err
  }
  if (config.tokenSecret === undefined && !isLoopback(config.host)) {
    app.log.warn(`listening on ${config.host} without --token-secret: tokens are signed with a key derived from the seed (${config.seed}), which anyone who knows this tool can derive, so anyone who reaches the server can mint tokens it accepts. Fine for shared test data; set --token-secret (BILLING_MOCKS_TOKEN_SECRET) to keep tokens to the clients of your fixtures.`)
  }
  for (const file of runtime.current().fixtures.files.filter((candidate) => candidate.empty)) {
    app.log.warn(`fixture file ${file.file} is empty: it adds nothing to the fixtures.`)
  }
  if (config.watchFixtures) watchFixtures(app, runtime)
  return app
}

/** Log levels at which Fastify writes no line per request. */
const QUIET_LEVELS = new Set(['warn', 'error', 'fatal', 'silent'])
