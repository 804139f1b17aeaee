/**
 * The named scenarios a server knows: the built-in ones, each API's error codes (`X-Mock-Scenario:
 * GLOBAL_1001`), and those of the fixture files, which override a built-in of the same name. Also the checks
 * that tell, at load time, whether a scenario can ever apply, and at request time, whether it applies to the
 * route at hand.
 */
import type { ErrorTemplate } from '../engine/mock-error.js'
import { ownEntry } from '../engine/own.js'
import { outcomeKinds, STARTED, type Outcome, type Scenario } from '../engine/scenario-schema.js'

/** What the scenario engine knows of one route, collected as the routes register. */
export interface RouteInfo {
  api: string
  method: string
  /** The documented path, without the API prefix, in Fastify's notation (`/customers/:msisdn/invoices`). */
  path: string
  operationId: string | undefined
  /** Documented statuses: numbers as strings, plus "default". */
  statuses: string[]
  secured: boolean
}

/** What the scenario engine knows of one API. */
export interface ApiInfo {
  id: string
  errors: Record<string, ErrorTemplate>
  /** Whether the API can answer an empty collection (its definition has `emptyAnswer`). */
  emptyable: boolean
  routes: RouteInfo[]
}

/** Scenarios every server has. README's catalogue table lists them; fixtures can redefine any of them. */
export const BUILT_IN_SCENARIOS: readonly Scenario[] = [
  { name: 'slow', description: 'The normal answer, 2 s late.', latency: { fixed: 2000 } },
  { name: 'expired-token', description: 'The API\'s 401, as for a bearer token that has expired (routes that take a token: not masstack).', token: 'expired' },
  { name: 'revoked-token', description: 'The API\'s 401, as for a bearer token that was revoked (routes that take a token: not masstack).', token: 'revoked' },
  { name: 'empty', description: 'A successful answer with an empty collection (bo-billing, masstack, billingdata, invoice-files).', empty: true },
  { name: 'connection-reset', description: 'The connection is reset (TCP RST) before any answer: fetch rejects with ECONNRESET.', fault: 'connection-reset' },
  { name: 'empty-reply', description: 'The connection closes without a single byte: fetch rejects ("other side closed").', fault: 'empty-reply' },
  { name: 'malformed-json', description: 'Status 200 and application/json, but the body does not parse.', fault: 'malformed-json' },
  { name: 'truncated', description: 'Headers announce the full length, half the body arrives, then the connection closes.', fault: 'truncated' },
  { name: 'trickle', description: 'The normal answer, sent in 10 pieces over 5 s.', fault: 'trickle', trickle: { durationMs: 5000, chunks: 10 } }
]

export interface Catalogue {
  /** Every named scenario (built-in and fixtures), without the per-API error codes. */
  named: ReadonlyMap<string, Scenario>
  /**
   * The scenario a name means for an API: a named one, else that API's error code of that name.
   * @example
   * catalogue.resolve('GLOBAL_1001', 'invoice-files') // { name: 'GLOBAL_1001', api: 'invoice-files', error: 'GLOBAL_1001' }
   */
  resolve: (name: string, api: string) => Scenario | undefined
  /** Whether a name means anything to any API. */
  knows: (name: string) => boolean
  /** The one API that has an error code of this name, when exactly one has. */
  onlyApiWith: (code: string) => string | undefined
}

/**
 * @example
 * const catalogue = createCatalogue(fixtures.scenarios, runtime.apis)
 * catalogue.knows('slow') // true
 */
export function createCatalogue (fromFixtures: readonly Scenario[], apis: readonly ApiInfo[]): Catalogue {
  const named = new Map<string, Scenario>()
  for (const scenario of [...BUILT_IN_SCENARIOS, ...fromFixtures]) named.set(scenario.name, scenario)
  const errorsOf = new Map(apis.map((api) => [api.id, api.errors]))
  return {
    named,
    resolve (name, api) {
      const scenario = named.get(name)
      if (scenario !== undefined) return scenario
      const template = ownEntry(errorsOf.get(api), name)
      return template === undefined ? undefined : { name, api, error: name, description: `${template.status} ${template.message}` }
    },
    knows: (name) => named.has(name) || apis.some((api) => ownEntry(api.errors, name) !== undefined),
    onlyApiWith (code) {
      const owners = apis.filter((api) => ownEntry(api.errors, code) !== undefined)
      return owners.length === 1 ? owners[0]?.id : undefined
    }
  }
}

/**
 * Whether a route is the one a scenario's `route` names: an operationId, or "METHOD /path" with `{param}`
 * or `:param` placeholders.
 */
export function routeMatches (selector: string, route: Pick<RouteInfo, 'method' | 'path' | 'operationId'>): boolean {
  const spaced = /^([A-Za-z]+)\s+(\/\S*)$/.exec(selector.trim())
  if (spaced === null) return selector === route.operationId
  const path = (spaced[2] ?? '').replace(/\{([^}]+)\}/g, ':$1')
  return spaced[1]?.toUpperCase() === route.method && path === route.path
}

/**
 * Why an outcome cannot apply to a route, or undefined when it can. A scenario named in X-Mock-Scenario that
 * does not apply answers 400 with this reason; one activated at runtime or tagged on an entity is skipped.
 * @example
 * inapplicable(expiredToken, expiredToken, masstackApi, invoicesRoute) // 'GET /v2/orgs/:orgId/... takes no bearer token'
 */
export function inapplicable (scenario: Scenario, outcome: Outcome, api: ApiInfo, route: RouteInfo): string | undefined {
  if (scenario.api !== undefined && scenario.api !== api.id) return `scenario "${scenario.name}" is for ${scenario.api}, not ${api.id}`
  if (scenario.route !== undefined && !routeMatches(scenario.route, route)) return `scenario "${scenario.name}" is for route ${scenario.route}, not ${route.method} ${route.path}`
  if (outcome.error !== undefined) {
    const template = ownEntry(api.errors, outcome.error)
    if (template === undefined) return `${api.id} has no error code ${outcome.error}; its codes: ${Object.keys(api.errors).join(', ')}`
    if (!documents(route, template.status)) return `${outcome.error} answers ${template.status}, which ${route.method} ${route.path} does not document (documented: ${listed(route)})`
  }
  if (outcome.status !== undefined && !documents(route, outcome.status)) return `${route.method} ${route.path} does not document status ${outcome.status}; documented: ${listed(route)}`
  if (outcome.empty === true && !api.emptyable) return `${api.id} answers no collection that could be empty`
  if (outcome.token !== undefined && !route.secured) return `${route.method} ${route.path} takes no bearer token`
  return undefined
}

function listed (route: RouteInfo): string {
  return route.statuses.map((status) => status === 'default' ? 'default (5xx)' : status).join(', ')
}

function documents (route: RouteInfo, status: number): boolean {
  return route.statuses.includes(String(status)) || (status >= 500 && route.statuses.includes('default'))
}

/** A problem in a scenario definition: the path inside the scenario and what is wrong. */
export interface ScenarioProblem {
  path: Array<string | number>
  message: string
}

/**
 * Checks what the schema cannot: known API, route and error code, one kind of outcome, states that lead
 * somewhere. Runs when fixtures load (start-up and reload) and on admin activations, so a scenario that
 * could never apply is an error rather than a silent no-op.
 * @example
 * checkScenario({ name: 'x', api: 'masstack', error: 'GLOBAL_1001' }, apis)
 * // { path: ['error'], message: 'is no error code of masstack; codes: MISSING_ROLES, ...' }
 */
export function checkScenario (scenario: Scenario, apis: readonly ApiInfo[]): ScenarioProblem | undefined {
  const scoped = scenario.api === undefined ? apis : apis.filter((api) => api.id === scenario.api)
  if (scenario.api !== undefined && scoped.length === 0) {
    return { path: ['api'], message: `names no API; the APIs are ${apis.map((api) => api.id).join(', ')}` }
  }
  const routes = scoped.flatMap((api) => api.routes)
  if (scenario.route !== undefined && !routes.some((route) => routeMatches(scenario.route ?? '', route))) {
    return { path: ['route'], message: `matches no route${scenario.api === undefined ? '' : ` of ${scenario.api}`}; use an operationId (${routes.map((route) => route.operationId).filter(Boolean).join(', ')}) or "METHOD /path"` }
  }
  const { states, ...top } = scenario
  if (states !== undefined) {
    if (outcomeKinds(top).length > 0 || top.latency !== undefined) return { path: ['states'], message: 'comes with an outcome of its own; put the outcome inside the states' }
    if (ownEntry(states, STARTED) === undefined) return { path: ['states'], message: `has no "${STARTED}" state, the state every scenario starts in` }
    for (const [name, state] of Object.entries(states)) {
      if (state.next !== undefined && ownEntry(states, state.next) === undefined) return { path: ['states', name, 'next'], message: `names state "${state.next}", which the scenario does not have` }
      const problem = checkOutcome(state, scoped)
      if (problem !== undefined) return { path: ['states', name, ...problem.path], message: problem.message }
    }
    return undefined
  }
  return checkOutcome(top, scoped)
}

function checkOutcome (outcome: Outcome, apis: readonly ApiInfo[]): ScenarioProblem | undefined {
  const kinds = outcomeKinds(outcome)
  if (kinds.length > 1) return { path: [kinds[1] ?? ''], message: `comes with ${kinds[0] ?? ''}: a scenario has one outcome (error, status, empty, token or fault), plus latency` }
  if (outcome.trickle !== undefined && outcome.fault !== 'trickle') return { path: ['trickle'], message: 'is only read with fault: trickle' }
  if (outcome.error !== undefined && !apis.some((api) => ownEntry(api.errors, outcome.error ?? '') !== undefined)) {
    return { path: ['error'], message: `is no error code of ${apis.length === 1 ? apis[0]?.id ?? '' : 'any API'}; codes: ${[...new Set(apis.flatMap((api) => Object.keys(api.errors)))].join(', ')}` }
  }
  if (outcome.status !== undefined && !apis.some((api) => api.routes.some((route) => documents(route, outcome.status ?? 0)))) {
    return { path: ['status'], message: 'is documented by no route in the scenario\'s scope' }
  }
  if (outcome.empty === true && !apis.some((api) => api.emptyable)) return { path: ['empty'], message: 'applies to no API in scope: none answers a collection' }
  const latency = outcome.latency
  if (latency !== undefined && 'uniform' in latency && latency.uniform.min > latency.uniform.max) return { path: ['latency', 'uniform'], message: 'has min above max' }
  return undefined
}
