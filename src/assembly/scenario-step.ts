/**
 * Where scenarios take effect, once per request in an API's context (STYLE.md: routes never read headers
 * for them). Selection, first match wins:
 * 1. `X-Mock-Scenario: <name>`: a named scenario or one of the API's error codes;
 * 2. Prism's `Prefer: code=NNN` (or `?__code=NNN`); `seed` and `dynamic` only choose the data, so they
 *    combine with what follows;
 * 3. an activation switched on through the admin API (newest first, counted down when it has `times`);
 * 4. a `scenario:` tag on the entity the request is about, in the fixtures.
 * Then the outcome: latency first, then a fault on the wire, an error, a refused token, or an empty collection.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { REFUSED_TOKEN } from '../auth/tokens.js'
import type { MockDefinition } from '../engine/define-mock.js'
import { mockError } from '../engine/mock-error.js'
import type { Runtime } from './runtime.js'
import { inapplicable, type ApiInfo, type RouteInfo } from '../scenarios/catalogue.js'
import { findRecording, recordedAnswer } from '../scenarios/recordings.js'
import { breakConnection, reshapeBody, sampleLatency } from '../scenarios/faults.js'
import type { Selected } from '../scenarios/registry.js'
import type { Outcome } from '../engine/scenario-schema.js'
import { notReplayable } from '../engine/replay-marks.js'
import { addRouteHook } from '../engine/route-hooks.js'

export interface AppliedScenario {
  name: string
  source: 'header' | 'prefer' | 'admin' | 'fixture'
  state?: string
  outcome: Outcome
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The scenario that shaped this answer, if any (the request journal shows it). */
    scenario: AppliedScenario | null
    /** Whether a recorded exchange answered (the request journal shows it). */
    recorded: boolean
  }
  interface FastifyContextConfig {
    /** What the scenario engine knows of the route, set as it registers. */
    mockRoute?: RouteInfo
  }
}

export interface ScenarioHookOptions {
  definition: MockDefinition<unknown>
  api: ApiInfo
  runtime: Runtime
}

/**
 * Registers the scenario hooks in an API's encapsulated context, and collects its routes into `api.routes`.
 * @example
 * registerScenarioHooks(child, { definition, api, runtime }) // before the API's routes register
 */
export function registerScenarioHooks (app: FastifyInstance, { definition, api, runtime }: ScenarioHookOptions): void {
  app.addHook('onRoute', (route) => {
    if (route.schema?.hide === true) return
    const methods = [route.method].flat().map((method) => method.toUpperCase())
    if (methods.every((method) => method === 'HEAD')) return
    const response = route.schema?.response as Record<string, unknown> | undefined
    const info: RouteInfo = {
      api: api.id,
      method: methods[0] ?? 'GET',
      path: route.routePath === '' ? '/' : route.routePath,
      operationId: (route.schema as { operationId?: string } | undefined)?.operationId,
      statuses: response === undefined ? [] : Object.keys(response),
      secured: (route.schema?.security?.length ?? 0) > 0
    }
    route.config = { ...route.config, mockRoute: info }
    api.routes.push(info)
    addRouteHook(route, 'preHandler', (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
      // Most requests ask for nothing and meet nothing: answer them without a promise.
      const tag = definition.scenarioTag?.(request, runtime.world(api.id, request))
      if (!concerned(request, tag)) {
        done()
        return
      }
      notReplayable(request)
      scenarioOrRecording(request, reply, info, tag).then((sent) => { if (sent === undefined) done() }, done)
    })
  })

  /** Whether anything could shape this request's answer: a header, a preference, an activation, a recording, a tag. */
  const concerned = (request: FastifyRequest, tag: string | undefined): boolean =>
    request.headers['x-mock-scenario'] !== undefined ||
    request.prefer.code !== undefined || request.prefer.invalid !== undefined ||
    runtime.state.view.hasActivations() ||
    runtime.current().fixtures.recordings.length > 0 ||
    tag !== undefined

  const scenarioOrRecording = async (request: FastifyRequest, reply: FastifyReply, route: RouteInfo, tag: string | undefined): Promise<FastifyReply | undefined> => {
    const selected = await select(request, api, route, runtime, tag)
    if (selected === undefined) {
      // No scenario: a recorded exchange of the real provider answers ahead of generated data.
      const { recordings } = runtime.current().fixtures
      if (recordings.length === 0) return undefined
      const at = request.url.indexOf('?')
      const rawPath = at === -1 ? request.url : request.url.slice(0, at)
      const rawQuery = at === -1 ? '' : request.url.slice(at + 1)
      const path = rawPath.slice(api.id.length + 1) || '/'
      // The query as sent: request.query has the schema's defaults added and its values coerced, which a recording never has.
      const query = Object.fromEntries(new URLSearchParams(rawQuery))
      const recording = findRecording(recordings, api.id, request.method, safeDecode(path), query, request.body)
      if (recording === undefined) return undefined
      const answer = recordedAnswer(recording)
      request.recorded = true
      return await reply.code(answer.status).headers(answer.headers).send(answer.body)
    }
    request.scenario = selected
    await apply(request, reply, selected.outcome, route)
    return undefined
  }

  // Callback style: these run on every answer, and almost never have anything to do.
  app.addHook('preSerialization', (request, reply, payload, done) => {
    if (request.scenario?.outcome.empty !== true || definition.emptyAnswer === undefined || reply.statusCode >= 300) {
      done(null, payload)
      return
    }
    done(null, definition.emptyAnswer(payload, reply))
  })

  app.addHook('onSend', (request, reply, payload, done) => {
    const outcome = request.scenario?.outcome
    if (outcome?.fault === undefined) {
      done(null, payload)
      return
    }
    done(null, reshapeBody(reply, payload, outcome))
  })
}

/** `tag`: the `scenario:` of the request's entity in the fixtures, if any. */
async function select (request: FastifyRequest, api: ApiInfo, route: RouteInfo, runtime: Runtime, tag: string | undefined): Promise<AppliedScenario | undefined> {
  const { catalogue } = runtime.current()
  const applied = (selected: Selected, source: AppliedScenario['source']): AppliedScenario =>
    ({ name: selected.scenario.name, source, outcome: selected.outcome, ...(selected.state === undefined ? {} : { state: selected.state }) })

  const named = request.headers['x-mock-scenario']
  if (typeof named === 'string' && named !== '') {
    const scenario = catalogue.resolve(named, api.id)
    if (scenario === undefined) {
      throw mockError('UNDOCUMENTED_STATUS', { message: `Unknown scenario "${named}" for ${api.id}. Known: ${api.id}'s error codes (${Object.keys(api.errors).join(', ')}) and the named scenarios of GET /__admin/scenarios (${[...catalogue.named.keys()].join(', ')}).` })
    }
    const why = inapplicable(scenario, runtime.state.view.peek(scenario).outcome, api, route)
    if (why !== undefined) throw mockError('UNDOCUMENTED_STATUS', { message: `X-Mock-Scenario "${named}" cannot apply here: ${why}.` })
    return applied(await runtime.state.enter(scenario, api.id), 'header')
  }

  if (request.prefer.invalid !== undefined) throw mockError('UNDOCUMENTED_STATUS', { message: request.prefer.invalid })
  const code = request.prefer.code
  if (code !== undefined) {
    if (code < 300 && route.statuses.includes(String(code))) return undefined
    const outcome: Outcome = { status: code }
    const why = inapplicable({ name: `code=${code}` }, outcome, api, route)
    if (why !== undefined) throw mockError('UNDOCUMENTED_STATUS', { message: `Prefer code=${code}: ${why}.` })
    return { name: `Prefer: code=${code}`, source: 'prefer', outcome }
  }

  const activated = runtime.state.view.hasActivations() ? await runtime.state.take({ api, route, headers: request.headers, client: request.client?.id }, catalogue) : undefined
  if (activated !== undefined) return applied(activated, 'admin')

  const tagged = tag === undefined ? undefined : catalogue.resolve(tag, api.id)
  if (tagged !== undefined && inapplicable(tagged, runtime.state.view.peek(tagged).outcome, api, route) === undefined) {
    return applied(await runtime.state.enter(tagged, api.id), 'fixture')
  }
  return undefined
}

async function apply (request: FastifyRequest, reply: FastifyReply, outcome: Outcome, route: RouteInfo): Promise<void> {
  if (outcome.latency !== undefined) await sleep(sampleLatency(outcome.latency))
  if (breakConnection(request, reply, outcome)) return
  const name = request.scenario?.name ?? ''
  const because = request.scenario?.source === 'prefer' ? name : `scenario ${name}`
  if (outcome.error !== undefined) throw mockError(outcome.error, { scenario: name })
  if (outcome.status !== undefined) {
    // RFC 9110 §15.5.6: a 405 always says which methods the path allows; RFC 6750 §3: a 401 says how to authenticate.
    const headers: Record<string, string> = {}
    if (outcome.status === 405) headers.allow = route.method
    if (outcome.status === 401) headers['www-authenticate'] = `Bearer realm="${route.api}"`
    throw mockError('FORCED_STATUS', { status: outcome.status, message: `Answer forced by ${because}.`, headers })
  }
  if (outcome.token !== undefined) {
    throw mockError('UNAUTHORIZED', {
      message: REFUSED_TOKEN[outcome.token],
      reason: outcome.token,
      headers: { 'www-authenticate': `Bearer error="invalid_token", error_description="The access token ${outcome.token === 'expired' ? 'expired' : 'was revoked'}"` }
    })
  }
}

/** A path with a stray `%` stays as sent rather than failing the request. */
function safeDecode (path: string): string {
  try {
    return decodeURI(path)
  } catch {
    return path
  }
}
