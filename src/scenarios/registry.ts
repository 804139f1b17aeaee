/**
 * Runtime scenario state: what the admin API switched on (activations, optionally for the next N matching
 * requests or for requests carrying a given header, token or client) and where each stateful scenario
 * stands. Selection and the countdown run synchronously inside one request's hook, so concurrent requests
 * never consume the same remaining use twice.
 */
import { randomUUID } from 'node:crypto'
import { sameSecret } from '../auth/secrets.js'
import { bearerToken } from '../auth/tokens.js'
import { inapplicable, routeMatches, type ApiInfo, type Catalogue, type RouteInfo } from './catalogue.js'
import { STARTED, type Outcome, type Scenario } from './schema.js'

/** Which requests an activation is for; every given condition must hold. */
export interface ActivationMatch {
  /** Header name → exact value (e.g. `x-test-run: suite-a`), so parallel suites do not disturb each other. */
  headers?: Record<string, string>
  /** The bearer token the request carries. */
  token?: string
  /** The OAuth client behind the request's token. */
  client?: string
}

export interface ActivationRequest {
  /** A named scenario (built-in, an API's error code, or from fixtures)… */
  scenario?: string
  /** …or an outcome given inline. */
  outcome?: Outcome
  /** Narrow it to one API and/or route (operationId or "METHOD /path"). */
  api?: string
  route?: string
  /** Only the next N matching requests, then back to normal. */
  times?: number
  match?: ActivationMatch
}

export interface Activation {
  id: string
  scenario: string
  outcome?: Outcome
  api?: string
  route?: string
  /** Matching requests left before it switches itself off; absent when unlimited. */
  remaining?: number
  /** Requests it has answered. */
  used: number
  match?: ActivationMatch
  activatedAt: string
}

/** The facts about a request that selection needs. */
export interface RequestFacts {
  api: ApiInfo
  route: RouteInfo
  headers: Record<string, string | string[] | undefined>
  client: string | undefined
}

export interface Selected {
  scenario: Scenario
  outcome: Outcome
  /** The state the stateful scenario was in when it answered. */
  state?: string
  activation?: string
}

export interface ScenarioRegistry {
  activate: (request: ActivationRequest, catalogue: Catalogue) => Activation
  deactivate: (id: string) => boolean
  deactivateScenario: (name: string) => number
  activations: () => Activation[]
  stateOf: (name: string) => string
  setState: (scenario: Scenario, state: string) => void
  /** The first activation (newest first) that matches the request and applies to its route; counts it down. */
  takeActivation: (facts: RequestFacts, catalogue: Catalogue) => Selected | undefined
  /** The outcome of a scenario now, moving a stateful one to its next state. */
  enter: (scenario: Scenario) => Selected
  /** The outcome a scenario would give now, without moving it. */
  peek: (scenario: Scenario) => Selected
  /** Whether any activation is on: requests need not look for one when none is. */
  hasActivations: () => boolean
  /** Counts changes (activations, their countdowns, states): an answer made before a change may no longer be the answer. */
  version: () => number
  /** Activations and states, to copy into another process (`--workers`). */
  snapshot: () => RegistrySnapshot
  /** Takes another registry's activations and states as its own. */
  restore: (snapshot: RegistrySnapshot) => void
  /** Every activation off and every scenario back in "Started". */
  reset: () => void
  /**
   * After a reload: drops activations of scenarios the fixtures no longer have, and puts back in "Started"
   * the scenarios whose current state the new definition lacks. Returns what it changed, in sentences.
   */
  prune: (catalogue: Catalogue) => string[]
}

export interface RegistrySnapshot {
  activations: Activation[]
  states: Array<[string, string]>
}

/**
 * Where requests take activations and move stateful scenarios: the registry itself, or, in a worker of
 * `--workers`, the primary's registry, so that a countdown or a state is shared by every worker.
 */
export interface ScenarioSwitch {
  take: (facts: RequestFacts, catalogue: Catalogue) => Selected | undefined | Promise<Selected | undefined>
  /** `api`: the API of the request, by which the scenario's name was resolved. */
  enter: (scenario: Scenario, api: string) => Selected | Promise<Selected>
}

/**
 * @example
 * const registry = createScenarioRegistry()
 * registry.activate({ scenario: 'GLOBAL_1001', api: 'invoice-files', times: 1 }, catalogue)
 */
export function createScenarioRegistry (now: () => Date = () => new Date()): ScenarioRegistry {
  let activations: Activation[] = []
  const states = new Map<string, string>()
  let version = 0

  const peek = (scenario: Scenario): Selected => {
    if (scenario.states === undefined) return { scenario, outcome: scenario }
    const state = states.get(scenario.name) ?? STARTED
    return { scenario, outcome: scenario.states[state] ?? {}, state }
  }

  const enter = (scenario: Scenario): Selected => {
    const selected = peek(scenario)
    const next = selected.state === undefined ? undefined : scenario.states?.[selected.state]?.next
    if (next !== undefined) {
      states.set(scenario.name, next)
      version++
    }
    return selected
  }

  const scenarioOf = (activation: Activation, api: string, catalogue: Catalogue): Scenario | undefined => {
    const base = activation.outcome !== undefined ? { name: activation.scenario, ...activation.outcome } : catalogue.resolve(activation.scenario, api)
    if (base === undefined) return undefined
    // The activation's own api/route narrow the scenario's scope.
    return { ...base, api: activation.api ?? base.api, route: activation.route ?? base.route }
  }

  return {
    activate (request, catalogue) {
      if ((request.scenario === undefined) === (request.outcome === undefined)) throw new Error('Give either "scenario" (a name) or "outcome" (inline), not both and not neither.')
      if (request.scenario !== undefined && !catalogue.knows(request.scenario)) {
        throw new Error(`Unknown scenario "${request.scenario}". GET /__admin/scenarios lists the names.`)
      }
      const id = randomUUID()
      const activation: Activation = {
        id,
        scenario: request.scenario ?? `inline-${id.slice(0, 8)}`,
        used: 0,
        activatedAt: now().toISOString()
      }
      if (request.outcome !== undefined) activation.outcome = request.outcome
      if (request.api !== undefined) activation.api = request.api
      if (request.route !== undefined) activation.route = request.route
      if (request.times !== undefined) activation.remaining = request.times
      if (request.match !== undefined) activation.match = request.match
      activations = [activation, ...activations]
      version++
      return activation
    },
    deactivate (id) {
      const before = activations.length
      activations = activations.filter((activation) => activation.id !== id)
      version++
      return activations.length < before
    },
    deactivateScenario (name) {
      const before = activations.length
      activations = activations.filter((activation) => activation.scenario !== name)
      version++
      return before - activations.length
    },
    activations: () => activations.map((activation) => ({ ...activation })),
    stateOf: (name) => states.get(name) ?? STARTED,
    setState (scenario, state) {
      if (scenario.states?.[state] === undefined) {
        throw new Error(`Scenario "${scenario.name}" has no state "${state}"; its states: ${Object.keys(scenario.states ?? {}).join(', ') || 'none (it is not stateful)'}.`)
      }
      states.set(scenario.name, state)
      version++
    },
    takeActivation (facts, catalogue) {
      for (const activation of activations) {
        if (!matches(activation, facts)) continue
        const scenario = scenarioOf(activation, facts.api.id, catalogue)
        if (scenario === undefined) continue
        const candidate = peek(scenario)
        if (inapplicable(scenario, candidate.outcome, facts.api, facts.route) !== undefined) continue
        activation.used++
        version++
        if (activation.remaining !== undefined) {
          activation.remaining--
          if (activation.remaining <= 0) activations = activations.filter((other) => other !== activation)
        }
        return { ...enter(scenario), activation: activation.id }
      }
      return undefined
    },
    enter,
    peek,
    hasActivations: () => activations.length > 0,
    version: () => version,
    snapshot: () => ({ activations: activations.map((activation) => ({ ...activation })), states: [...states] }),
    restore (snapshot) {
      activations = snapshot.activations
      states.clear()
      for (const [name, state] of snapshot.states) states.set(name, state)
      version++
    },
    reset () {
      activations = []
      states.clear()
      version++
    },
    prune (catalogue) {
      version++
      const changes: string[] = []
      activations = activations.filter((activation) => {
        const kept = activation.outcome !== undefined || catalogue.knows(activation.scenario)
        if (!kept) changes.push(`activation ${activation.id} of "${activation.scenario}" switched off: the fixtures no longer define it`)
        return kept
      })
      for (const [name, state] of states) {
        if (catalogue.named.get(name)?.states?.[state] === undefined) {
          states.delete(name)
          changes.push(`scenario "${name}" back in "${STARTED}": state "${state}" is gone`)
        }
      }
      return changes
    }
  }
}

function matches (activation: Activation, facts: RequestFacts): boolean {
  if (activation.api !== undefined && activation.api !== facts.api.id) return false
  if (activation.route !== undefined && !routeMatches(activation.route, facts.route)) return false
  const match = activation.match
  if (match === undefined) return true
  for (const [name, value] of Object.entries(match.headers ?? {})) {
    if (facts.headers[name.toLowerCase()] !== value) return false
  }
  if (match.token !== undefined) {
    // The token may be a real one of a client: compared as a secret.
    if (!sameSecret(bearerToken(facts.headers.authorization) ?? '', match.token)) return false
  }
  if (match.client !== undefined && match.client !== facts.client) return false
  return true
}
