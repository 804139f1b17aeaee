/**
 * The request pipeline: the one place that says, in order, what every request goes through. Each step is a
 * small named function (or plugin) of its own module; this file registers them, server-wide steps from
 * `registerServerSteps` (buildApp) and the steps inside each API's context from `registerApiSteps` (mountMock).
 * Fastify runs its hooks in lifecycle order (onRequest → preParsing → preValidation → preHandler → handler →
 * preSerialization → onSend → onResponse), so the order below is the order a request meets them.
 *
 * A first GET to /bo-billing/customers/CLIENT_NUMBER/70000001/bills, top to bottom:
 *
 *  0. replay        answered straight from Node's server when the same request came before and nothing that
 *                   decides its answer changed since; never for a first request (replay.ts, step 10)
 *  1. journal       the exchange is noted when its response closes, whatever ended it (record.ts)
 *  2. limits        URL length here; body, header and path-parameter limits are Fastify options; each refusal in
 *                   the error body of the API the path names (edge-errors.ts)
 *  3. cors          preflights answered, CORS headers added (@fastify/cors, --cors-origin)
 *  4. preferences   Prefer / __code / __seed / __dynamic read once into request.prefer (engine/prefer.ts)
 *  5. auth          the bearer token, on the routes whose schema declares security (`authenticate` below)
 *  6. validation    Fastify checks params, query, headers and body against the route's TypeBox schema
 *                   (compiled on first use: engine/validator.ts); a failure is the API's own 400
 *  7. scenario      X-Mock-Scenario, Prefer code, an admin activation, a fixture tag, or a recording decide the
 *                   answer instead, or shape it (scenario-step.ts)
 *  8. world lookup  the handler asks `worldFor(request)`: the world of the seed, Prefer seed or dynamic data
 *  9. answer        the handler (mocks/<id>/routes.ts) returns a value; failures are `throw mockError(code)`,
 *                   turned into the API's body by its toErrorResponse (mount-mock.ts)
 * 10. serialise     by the route's response schema for that status, once per cached answer
 *                   (engine/serializer.ts); a 200 of an API route is kept for step 0 (replay.ts)
 */
import cors from '@fastify/cors'
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import type { TokenService } from '../auth/tokens.js'
import type { Config } from '../config.js'
import type { MockDefinition } from '../engine/define-mock.js'
import { mockError } from '../engine/mock-error.js'
import prefer from '../engine/prefer.js'
import { replayableUntil } from '../engine/replay-marks.js'
import { addRouteHook } from '../engine/route-hooks.js'
import type { ApiInfo } from '../scenarios/catalogue.js'
import type { EdgeErrors } from './edge-errors.js'
import record from './record.js'
import type { Replay } from './replay.js'
import type { Runtime } from './runtime.js'
import { registerScenarioHooks } from './scenario-step.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The OAuth client behind the request's bearer token, on routes that require one. */
    client: { id: string, scope: string } | null
  }
}

export interface ServerStepsOptions {
  config: Config
  runtime: Runtime
  replay: Replay
  edge: EdgeErrors
}

/**
 * Steps 0–4, for every request the server gets. Register it before any route.
 * @example
 * await registerServerSteps(app, { config, runtime, replay, edge })
 */
export async function registerServerSteps (app: FastifyInstance, { config, runtime, replay, edge }: ServerStepsOptions): Promise<void> {
  // 0. replay, ahead of Fastify (and 10: what it keeps, on every replayable route).
  replay.attach(app.server)
  // 1. journal: `--journal-size 0` or no admin API means no journal, and none of its cost on each request.
  if (config.admin && config.journalSize > 0) await app.register(record, { runtime, replay })
  await app.register(replay.plugin)
  // 2. limits.
  await app.register(edge.plugin)
  // 3. cors: strictPreflight off, so an OPTIONS without the preflight headers answers 204 rather than a bare-text 400.
  await app.register(cors, { origin: corsOrigin(config.corsOrigin), exposedHeaders: ['allow', 'www-authenticate'], strictPreflight: false })
  // 4. preferences.
  await app.register(prefer)
}

/**
 * Which routes' 200s step 10 keeps for replay: every route of an API (an answer made from the request and the
 * world alone; the scenario step and the Prefer parser mark the requests that ask for something else) and
 * the routes that say `config: { replay: true }` (the token endpoint). A route opts out with `replay: false`.
 * @example
 * createReplay({ epoch, enabled, replayable: replayableRoutes(mocks) })
 */
export function replayableRoutes (mocks: ReadonlyArray<Pick<MockDefinition<any, any>, 'id'>>): (route: RouteOptions) => boolean {
  const prefixes = mocks.map((mock) => `/${mock.id}/`)
  return (route) => route.config?.replay ?? prefixes.some((prefix) => route.url.startsWith(prefix))
}

export interface ApiStepsOptions {
  definition: MockDefinition<unknown>
  api: ApiInfo
  runtime: Runtime
  tokens: TokenService
}

/**
 * Steps 5–7 inside one API's encapsulated context (steps 8–10 are its routes and its error handler). Register
 * it before the API's routes.
 * @example
 * registerApiSteps(child, { definition, api, runtime, tokens })
 */
export function registerApiSteps (app: FastifyInstance, { definition, api, runtime, tokens }: ApiStepsOptions): void {
  // 5. auth: only the routes whose schema declares `security` get the bearer check, as their own hook.
  app.decorateRequest('client', null)
  const check = authenticate(definition.id, tokens)
  app.addHook('onRoute', (route) => {
    if ((route.schema?.security?.length ?? 0) > 0) addRouteHook(route, 'onRequest', check)
  })
  // 6. validation is Fastify's own, against each route's schema.
  // 7. scenario, after validation and before the handler.
  registerScenarioHooks(app, { definition, api, runtime })
}

/** Step 5: the bearer token of a secured route, or the API's 401 with its WWW-Authenticate. */
function authenticate (api: string, tokens: TokenService): (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => void {
  return (request, _reply, done) => {
    const check = tokens.verify(request.headers.authorization)
    if (!check.ok) {
      done(mockError('UNAUTHORIZED', { message: check.message, reason: check.reason, headers: { 'www-authenticate': `Bearer realm="${api}", error="invalid_token"` } }))
      return
    }
    request.client = { id: check.claims.sub, scope: check.claims.scope }
    // The answer is good only while the token is.
    replayableUntil(request, check.until)
    done()
  }
}

/** "local" allows any port on localhost and 127.0.0.1 (browser apps in development), "*" any origin, "false" none. */
function corsOrigin (setting: string): boolean | string | RegExp | Array<string | RegExp> {
  if (setting === 'false') return false
  if (setting === '*' || setting === 'true') return true
  if (setting === 'local') return /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/
  return setting.split(',').map((origin) => origin.trim()).filter((origin) => origin !== '')
}
