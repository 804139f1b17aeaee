/**
 * `/__admin`: runtime control for QA and test suites. Scenarios (list, activate, deactivate, set the state of
 * a stateful one), the request journal with near-misses and counts, reset, the world's entities, and a
 * fixture reload. Its own OpenAPI document is on /docs. Off with --no-admin; guarded by --admin-token.
 */
import swagger from '@fastify/swagger'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '../typebox.js'
import type { ErrorResponse, MockDefinition } from '../engine/define-mock.js'
import { acceptEmptyJson } from '../engine/json-body.js'
import { limitResponses } from '../engine/limits.js'
import { collectRoutes } from '../engine/method-guard.js'
import { ownEntry } from '../engine/own.js'
import { classifyError, clientWentAway, goneQuietly, isMockError } from '../engine/mock-error.js'
import type { Runtime } from '../assembly/runtime.js'
import { BUILT_IN_SCENARIOS, checkScenario } from '../scenarios/catalogue.js'
import { ActivationLimitError, type Activation, type ActivationRequest } from '../scenarios/registry.js'
import { StateUnavailableError } from '../assembly/state/store.js'
import { STARTED, type Scenario } from '../engine/scenario-schema.js'
import { ADMIN_PREFIX, AdminError, guardAdmin } from './guard.js'
import providerStates from './provider-states.js'
import apis from './apis.js'
import { endLiveStreams, streamLive } from './live.js'
import qaConsole from '../console/index.js'
import type { TokenService } from '../auth/tokens.js'
import {
  ActivateBodySchema, ActivationBodySchema, ActivationSchema, AdminErrorSchema, FixturesStatusSchema, JournalQuerySchema,
  JournalSchema, ScenarioListSchema, ScenarioNameParamsSchema, StateBodySchema, WorldSchema
} from './schemas.js'

export { ADMIN_PREFIX }

export interface AdminOptions {
  runtime: Runtime
  definitions: ReadonlyArray<MockDefinition<any, any>>
  /** Mints tokens for `POST /__admin/tokens`. */
  tokens: TokenService
}

const admin: FastifyPluginAsyncTypebox<AdminOptions> = async (app, { runtime, definitions, tokens }) => {
  const { config } = runtime
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'billing-mocks admin API',
        version: '1.0.0',
        description: 'Runtime control: scenarios, request journal, reset, world, fixture reload. WireMock\'s vocabulary where it has one (scenarios with states, near-misses, request counts).'
      },
      servers: [{ url: ADMIN_PREFIX }],
      components: config.adminToken === undefined ? {} : { securitySchemes: { adminToken: { type: 'http', scheme: 'bearer', description: 'The --admin-token value (or send it as X-Admin-Token).' } } },
      security: config.adminToken === undefined ? [] : [{ adminToken: [] }]
    }
  })

  app.setErrorHandler(async (err, request, reply) => {
    if (clientWentAway(err, request.raw)) return goneQuietly(request, reply)
    const { status, body, headers } = adminErrorResponse(err)
    // An outage of the shared state is logged once by the store, not at every refused change.
    if (status >= 500 && !(err instanceof StateUnavailableError)) request.log.error({ err }, 'admin API failed')
    return reply.code(status).headers(headers ?? {}).send(body)
  })
  app.setNotFoundHandler(async (request, reply) => reply.code(404).send({
    error: 'not_found',
    message: `No admin endpoint at ${request.method} ${request.url.split('?')[0] ?? ''}. See ${ADMIN_PREFIX}/openapi.json.`
  }))

  // Who may call it: Host names of this machine, no other site's pages, the admin token when set (guard.ts).
  guardAdmin(app, config)

  // An empty JSON body (curl -H 'content-type: application/json' -X POST …/activate) means "no options".
  acceptEmptyJson(app, (reason) => new AdminError(400, 'bad_request', `The request body is not valid JSON: ${reason}.`))

  const errors = { 400: AdminErrorSchema, 401: AdminErrorSchema, 403: AdminErrorSchema, 404: AdminErrorSchema, 415: AdminErrorSchema, 503: AdminErrorSchema, ...limitResponses(AdminErrorSchema, { body: true, method: 'the documented methods' }) }
  const guardMethods = collectRoutes(app)
  const named = (name: string): Scenario => {
    const scenario = runtime.current().catalogue.named.get(name)
    if (scenario === undefined) throw new AdminError(404, 'not_found', `No named scenario "${name}". GET ${ADMIN_PREFIX}/scenarios lists them.`)
    return scenario
  }
  const activate = async (body: ActivationRequest): Promise<Activation> => {
    if (body.api !== undefined && !runtime.apis.some((api) => api.id === body.api)) {
      throw new AdminError(400, 'bad_request', `No API "${body.api}"; the APIs are ${runtime.apis.map((api) => api.id).join(', ')}.`)
    }
    // The checks a fixture scenario gets at load time, so an activation that could never apply is refused
    // rather than switched on to do nothing.
    const { catalogue } = runtime.current()
    const base: Scenario | undefined = body.outcome !== undefined
      ? { name: 'inline', ...body.outcome }
      : body.scenario === undefined ? undefined : catalogue.named.get(body.scenario) ?? (catalogue.knows(body.scenario) ? { name: body.scenario, error: body.scenario } : undefined)
    if (base !== undefined) {
      const problem = checkScenario({ ...base, api: body.api ?? base.api, route: body.route ?? base.route }, runtime.apis)
      if (problem !== undefined) {
        const field = body.outcome !== undefined && !['api', 'route'].includes(String(problem.path[0])) ? `outcome.${problem.path.join('.')}` : problem.path.join('.')
        throw new AdminError(400, 'bad_request', `${field} ${problem.message}.`)
      }
    }
    try {
      return await runtime.state.activate(body, runtime.current().catalogue)
    } catch (err) {
      if (err instanceof StateUnavailableError) throw err
      if (err instanceof ActivationLimitError) throw new AdminError(409, 'too_many_activations', err.message)
      throw new AdminError(400, 'bad_request', (err as Error).message)
    }
  }

  app.get('/scenarios', {
    schema: { operationId: 'listScenarios', summary: 'Named scenarios, each API\'s error codes, and what is active', tags: ['Scenarios'], response: { 200: ScenarioListSchema, ...errors } }
  }, async () => {
    const builtIn = new Set(BUILT_IN_SCENARIOS)
    const { catalogue } = runtime.current()
    const scenarios = await Promise.all([...catalogue.named.values()].map(async (scenario) => ({
      ...scenario,
      source: builtIn.has(scenario) ? 'built-in' : 'fixtures',
      ...(scenario.states === undefined ? {} : { state: await runtime.state.stateOf(scenario.name) })
    })))
    return {
      scenarios,
      errorCodes: Object.fromEntries(runtime.apis.map((api) => [api.id, Object.keys(api.errors)])),
      active: await runtime.state.activations()
    }
  })

  app.post('/scenarios/:name/activate', {
    schema: {
      operationId: 'activateScenario',
      summary: 'Switch a scenario on, for every request or only the matching ones, optionally for the next N only',
      tags: ['Scenarios'],
      params: ScenarioNameParamsSchema,
      body: ActivateBodySchema,
      response: { 201: ActivationSchema, 409: AdminErrorSchema, ...errors }
    },
    // Without options the request may carry no body at all.
    preValidation: async (request) => { request.body ??= {} }
  }, async (request, reply) => reply.code(201).send(await activate({ ...request.body, scenario: request.params.name })))

  app.post('/scenarios/:name/deactivate', {
    schema: { operationId: 'deactivateScenario', summary: 'Switch off every activation of a scenario', tags: ['Scenarios'], params: ScenarioNameParamsSchema, response: { 200: Type.Object({ deactivated: Type.Integer() }), ...errors } }
  }, async (request) => ({ deactivated: await runtime.state.deactivateScenario(request.params.name) }))

  app.put('/scenarios/:name/state', {
    schema: {
      operationId: 'setScenarioState',
      summary: 'Set the state of a stateful scenario (WireMock: PUT /__admin/scenarios/{name}/state)',
      tags: ['Scenarios'],
      params: ScenarioNameParamsSchema,
      body: StateBodySchema,
      response: { 200: Type.Object({ name: Type.String(), state: Type.String() }), ...errors }
    }
  }, async (request) => {
    const scenario = named(request.params.name)
    try {
      await runtime.state.setState(scenario, request.body.state)
    } catch (err) {
      if (err instanceof StateUnavailableError) throw err
      throw new AdminError(400, 'bad_request', (err as Error).message)
    }
    return { name: scenario.name, state: request.body.state }
  })

  app.post('/scenarios/reset', {
    schema: { operationId: 'resetScenarioStates', summary: 'Every stateful scenario back to "Started"; activations stay', tags: ['Scenarios'], response: { 200: Type.Object({ reset: Type.Integer() }), ...errors } }
  }, async () => {
    const stateful = [...runtime.current().catalogue.named.values()].filter((scenario) => scenario.states !== undefined)
    for (const scenario of stateful) await runtime.state.setState(scenario, STARTED)
    return { reset: stateful.length }
  })

  app.get('/activations', {
    schema: { operationId: 'listActivations', summary: 'What is switched on, newest first', tags: ['Scenarios'], response: { 200: Type.Array(ActivationSchema), ...errors } }
  }, async () => await runtime.state.activations())

  app.post('/activations', {
    schema: { operationId: 'createActivation', summary: 'Switch on a named scenario or an inline outcome', tags: ['Scenarios'], body: ActivationBodySchema, response: { 201: ActivationSchema, 409: AdminErrorSchema, ...errors } }
  }, async (request, reply) => reply.code(201).send(await activate(request.body)))

  app.delete('/activations/:id', {
    schema: { operationId: 'deleteActivation', summary: 'Switch one activation off', tags: ['Scenarios'], params: Type.Object({ id: Type.String() }), response: { 204: Type.Null(), ...errors } }
  }, async (request, reply) => {
    if (!await runtime.state.deactivate(request.params.id)) throw new AdminError(404, 'not_found', `No activation ${request.params.id}; it may have run out of its "times".`)
    return reply.code(204).send(null)
  })

  app.delete('/activations', {
    schema: { operationId: 'deleteActivations', summary: 'Switch every activation off', tags: ['Scenarios'], response: { 204: Type.Null(), ...errors } }
  }, async (_request, reply) => {
    await runtime.state.deactivateAll()
    return reply.code(204).send(null)
  })

  app.get('/requests', {
    schema: { operationId: 'listRequests', summary: 'The request journal, newest first, with near-misses for requests no route matched', tags: ['Requests'], querystring: JournalQuerySchema, response: { 200: JournalSchema, ...errors } }
  }, async (request) => {
    const { limit = 100, ...filter } = request.query
    const { journal } = runtime.state
    return { ...await journal.page(filter, limit), capacity: journal.capacity }
  })

  app.get('/requests/stream', {
    schema: {
      operationId: 'streamRequests',
      summary: 'The journal and the activations, live (server-sent events)',
      description: 'Events: `request` (a journal entry as GET /requests lists it; the newest 100 when the stream opens, then each new one), `activations` (the list, whenever it changes), `cleared` (the journal was emptied). Every replica\'s and worker\'s requests, as GET /requests.',
      tags: ['Requests'],
      produces: ['text/event-stream'],
      response: { 200: { description: 'A stream of server-sent events.', content: { 'text/event-stream': { schema: Type.String() } } }, ...errors }
    }
  }, async (request, reply) => {
    const { journal } = runtime.state
    streamLive(request, reply, { requests: async (limit) => (await journal.page({}, limit)).requests, activations: runtime.state.activations, generation: journal.generation })
  })
  app.addHook('preClose', async () => { endLiveStreams() })

  app.get('/requests/count', {
    schema: {
      operationId: 'countRequests',
      summary: 'How many journalled requests match, to assert "called exactly N times"',
      tags: ['Requests'],
      // Type.Omit drops additionalProperties: a misspelt filter must fail, not silently count everything.
      querystring: Type.Omit(JournalQuerySchema, ['limit'], { additionalProperties: false }),
      response: { 200: Type.Object({ count: Type.Integer() }), ...errors }
    }
  }, async (request) => ({ count: await runtime.state.journal.count(request.query) }))

  app.delete('/requests', {
    schema: { operationId: 'clearRequests', summary: 'Empty the journal', tags: ['Requests'], response: { 204: Type.Null(), ...errors } }
  }, async (_request, reply) => {
    await runtime.state.journal.clear()
    return reply.code(204).send(null)
  })

  app.post('/reset', {
    schema: { operationId: 'reset', summary: 'Activations off, scenario states back to "Started", journal emptied; fixtures stay', tags: ['Control'], response: { 204: Type.Null(), ...errors } }
  }, async (_request, reply) => {
    await runtime.reset()
    return reply.code(204).send(null)
  })

  app.get('/world', {
    schema: { operationId: 'getWorld', summary: 'Each API\'s entities from the fixtures, and which other identifiers answer with generated data', tags: ['Control'], response: { 200: WorldSchema, ...errors } }
  }, async () => ({
    seed: config.seed,
    apis: Object.fromEntries(definitions.map((definition) => [definition.id, {
      fixtures: runtime.current().fixtures.apis[definition.id] ?? {},
      ...(definition.generatedIds === undefined ? {} : { generated: definition.generatedIds })
    }]))
  }))

  const fixturesStatus = (): { files: string[], scenarios: number, loadedAt: string, lastError?: { at: string, message: string } } => {
    const { fixtures, loadedAt } = runtime.current()
    const lastError = runtime.reloadProblem()
    return { files: fixtures.files.map((file) => file.file), scenarios: fixtures.scenarios.length, loadedAt, ...(lastError === undefined ? {} : { lastError }) }
  }

  app.get('/fixtures', {
    schema: { operationId: 'getFixtures', summary: 'The fixture files in force', tags: ['Control'], response: { 200: FixturesStatusSchema, ...errors } }
  }, async () => fixturesStatus())

  app.post('/fixtures/reload', {
    schema: {
      operationId: 'reloadFixtures',
      summary: 'Re-read the fixture files; a file that fails validation is reported and the fixtures in force stay',
      tags: ['Control'],
      response: { 200: FixturesStatusSchema, 422: AdminErrorSchema, ...errors }
    }
  }, async (request) => {
    let changes: string[]
    try {
      changes = (await runtime.reload()).changes
    } catch (err) {
      throw new AdminError(422, 'invalid_fixtures', `${(err as Error).message} The fixtures loaded at ${runtime.current().loadedAt} stay in force.`)
    }
    request.log.info({ files: fixturesStatus().files, changes }, 'fixtures reloaded')
    return { ...fixturesStatus(), changes }
  })

  await app.register(providerStates, { runtime, definitions, errors })
  await app.register(apis, { runtime, definitions, tokens, errors })
  await app.register(qaConsole)
  guardMethods()

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
}

/** The admin API's `error` for each engine failure (a wrong method, a limit, an unreadable body). */
const ADMIN_CODES: Record<string, string> = {
  METHOD_NOT_ALLOWED: 'method_not_allowed',
  BODY_TOO_LARGE: 'payload_too_large',
  URL_TOO_LONG: 'uri_too_long',
  HEADERS_TOO_LARGE: 'headers_too_large',
  REQUEST_TIMEOUT: 'request_timeout',
  ROUTE_NOT_FOUND: 'not_found'
}

/**
 * Any failure under /__admin as the admin API's `{error, message}` body with its status.
 * @example
 * adminErrorResponse(validationError) // { status: 400, body: { error: 'bad_request', message: 'request body "times" must be >= 1' } }
 */
export function adminErrorResponse (err: unknown): ErrorResponse {
  if (err instanceof AdminError) return { status: err.status, body: { error: err.code, message: err.message } }
  // Redis (`--state redis://…`) is down: nothing changed, and the answer says where it was looked for.
  if (err instanceof StateUnavailableError) return { status: 503, body: { error: 'state_unavailable', message: err.message }, headers: { 'retry-after': '1' } }
  const { status, code, message } = classifyError(err, {})
  if (status >= 500) return { status: 500, body: { error: 'internal', message: 'The admin API failed unexpectedly; the server log has the details.' } }
  return { status, body: { error: ownEntry(ADMIN_CODES, code) ?? 'bad_request', message }, ...(isMockError(err) && err.detail.headers !== undefined ? { headers: err.detail.headers } : {}) }
}

export default admin
