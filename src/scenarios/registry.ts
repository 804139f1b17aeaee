/**
 * Runtime scenario state: what the admin API switched on (activations, optionally for the next N matching
 * requests or for requests carrying a given header, token or client) and where each stateful scenario
 * stands. Selection and the countdown run synchronously inside one request's hook, so concurrent requests
 * never consume the same remaining use twice.
 *
 * At most LIMITS.activations are on at once (a further one is refused with ActivationLimitError), and they
 * are filed by the API and route they can apply to: a request looks only at the activations of its own API
 * and route and at those for every API or route, however many others are on.
 */
import { randomUUID } from 'node:crypto'
import { sameSecret } from '../auth/secrets.js'
import { bearerToken } from '../auth/tokens.js'
import { LIMITS } from '../engine/limits.js'
import { ownEntry } from '../engine/own.js'
import { inapplicable, routeMatches, type ApiInfo, type Catalogue, type RouteInfo } from './catalogue.js'
import { STARTED, type Outcome, type Scenario } from '../engine/scenario-schema.js'

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
  /** The activations (newest first) that match the request and apply to its route, each with its scenario; counts nothing. */
  applicable: (facts: RequestFacts, catalogue: Catalogue) => Iterable<{ activation: Activation, scenario: Scenario }>
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

/** Thrown by `activate` when LIMITS.activations are already on; the admin API answers it with 409. */
export class ActivationLimitError extends Error {
  constructor () {
    super(`${LIMITS.activations} activations are already on, the mock's limit. Switch some off (DELETE /__admin/activations/{id}, POST /__admin/scenarios/{name}/deactivate) or all of them (DELETE /__admin/activations, POST /__admin/reset), or give the ones you need "times" so they switch themselves off.`)
    this.name = 'ActivationLimitError'
  }
}

export interface RegistrySnapshot {
  activations: Activation[]
  states: Array<[string, string]>
}

/** Throws, saying which states there are, unless the scenario has the state. */
export function checkState (scenario: Scenario, state: string): void {
  if (ownEntry(scenario.states, state) === undefined) {
    throw new Error(`Scenario "${scenario.name}" has no state "${state}"; its states: ${Object.keys(scenario.states ?? {}).join(', ') || 'none (it is not stateful)'}.`)
  }
}

/**
 * What new fixtures no longer support: activations of scenarios they no longer define, and scenario states
 * their definitions lack (those go back to "Started"); with what dropping them changes, in sentences.
 * @example
 * outdated(catalogue, registry.activations(), [['fails-once', 'Recovered']]).changes // ['scenario "fails-once" back in "Started": state "Recovered" is gone']
 */
export function outdated (catalogue: Catalogue, activations: Activation[], states: Array<[string, string]>): { activations: Activation[], states: string[], changes: string[] } {
  const gone = activations.filter((activation) => activation.outcome === undefined && !catalogue.knows(activation.scenario))
  const lost = states.filter(([name, state]) => ownEntry(catalogue.named.get(name)?.states, state) === undefined)
  return {
    activations: gone,
    states: lost.map(([name]) => name),
    changes: [
      ...gone.map((activation) => `activation ${activation.id} of "${activation.scenario}" switched off: the fixtures no longer define it`),
      ...lost.map(([name, state]) => `scenario "${name}" back in "${STARTED}": state "${state}" is gone`)
    ]
  }
}

/**
 * A new activation of a request, checked against the catalogue (throws an Error that says what is wrong);
 * not yet switched on.
 * @example
 * newActivation({ scenario: 'GLOBAL_1001', times: 1 }, catalogue) // { id: '…', scenario: 'GLOBAL_1001', remaining: 1, used: 0, … }
 */
export function newActivation (request: ActivationRequest, catalogue: Catalogue, now: () => Date = () => new Date()): Activation {
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
  return activation
}

/**
 * @example
 * const registry = createScenarioRegistry()
 * registry.activate({ scenario: 'GLOBAL_1001', api: 'invoice-files', times: 1 }, catalogue)
 */
export function createScenarioRegistry (now: () => Date = () => new Date()): ScenarioRegistry {
  const filed = createActivationIndex()
  const states = new Map<string, string>()
  let version = 0

  const peek = (scenario: Scenario): Selected => {
    if (scenario.states === undefined) return { scenario, outcome: scenario }
    const state = states.get(scenario.name) ?? STARTED
    return { scenario, outcome: ownEntry(scenario.states, state) ?? {}, state }
  }

  const enter = (scenario: Scenario): Selected => {
    const selected = peek(scenario)
    const next = selected.state === undefined ? undefined : ownEntry(scenario.states, selected.state)?.next
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

  const applicable = function * (facts: RequestFacts, catalogue: Catalogue): Generator<{ activation: Activation, scenario: Scenario }> {
    for (const activation of filed.candidates(facts.api.id, facts.route)) {
      if (!matches(activation, facts)) continue
      const scenario = scenarioOf(activation, facts.api.id, catalogue)
      if (scenario === undefined) continue
      if (inapplicable(scenario, peek(scenario).outcome, facts.api, facts.route) !== undefined) continue
      yield { activation, scenario }
    }
  }

  const removeWhere = (drop: (activation: Activation) => boolean): Activation[] => {
    const dropped = filed.all().filter(drop)
    for (const activation of dropped) filed.remove(activation)
    version++
    return dropped
  }

  return {
    activate (request, catalogue) {
      const activation = newActivation(request, catalogue, now)
      if (filed.size() >= LIMITS.activations) throw new ActivationLimitError()
      filed.add(activation, catalogue)
      version++
      return activation
    },
    deactivate (id) {
      const activation = filed.get(id)
      if (activation !== undefined) filed.remove(activation)
      version++
      return activation !== undefined
    },
    deactivateScenario: (name) => removeWhere((activation) => activation.scenario === name).length,
    activations: () => filed.all().map((activation) => ({ ...activation })),
    stateOf: (name) => states.get(name) ?? STARTED,
    setState (scenario, state) {
      checkState(scenario, state)
      states.set(scenario.name, state)
      version++
    },
    applicable,
    takeActivation (facts, catalogue) {
      const first = applicable(facts, catalogue).next()
      if (first.done === true) return undefined
      const { activation, scenario } = first.value
      activation.used++
      version++
      if (activation.remaining !== undefined) {
        activation.remaining--
        if (activation.remaining <= 0) filed.remove(activation)
      }
      return { ...enter(scenario), activation: activation.id }
    },
    enter,
    peek,
    hasActivations: () => filed.size() > 0,
    version: () => version,
    snapshot: () => ({ activations: filed.all().map((activation) => ({ ...activation })), states: [...states] }),
    restore (snapshot) {
      filed.clear()
      // Oldest first, so the newest stays first; without the catalogue, filed by their own api and route.
      for (const activation of [...snapshot.activations].reverse()) filed.add(activation, undefined)
      states.clear()
      for (const [name, state] of snapshot.states) states.set(name, state)
      version++
    },
    reset () {
      filed.clear()
      states.clear()
      version++
    },
    prune (catalogue) {
      const unsupported = outdated(catalogue, filed.all(), [...states])
      removeWhere((activation) => unsupported.activations.includes(activation))
      // A reload may move a named scenario to another API or route: file the rest again.
      filed.refile(catalogue)
      for (const name of unsupported.states) states.delete(name)
      return unsupported.changes
    }
  }
}

/** Where activations are filed: by the API and route they can apply to ("*" for any), each kept with its rank. */
interface ActivationIndex {
  add: (activation: Activation, catalogue: Catalogue | undefined) => void
  remove: (activation: Activation) => void
  get: (id: string) => Activation | undefined
  size: () => number
  /** Newest first. */
  all: () => Activation[]
  /** The activations that may apply to a route of an API, newest first. */
  candidates: (api: string, route: RouteInfo) => Generator<Activation>
  refile: (catalogue: Catalogue) => void
  clear: () => void
}

const ANY = '*'

function createActivationIndex (): ActivationIndex {
  /** Every activation by id, in the order they were switched on; the value is its rank (higher is newer). */
  const byId = new Map<string, { activation: Activation, rank: number, key: string }>()
  /** "api route" → the activations filed there, oldest first. */
  const shelves = new Map<string, Activation[]>()
  let rank = 0

  const shelve = (activation: Activation, key: string): void => {
    const shelf = shelves.get(key)
    if (shelf === undefined) shelves.set(key, [activation])
    else shelf.push(activation)
  }
  const unshelve = (activation: Activation, key: string): void => {
    const shelf = shelves.get(key) ?? []
    const at = shelf.indexOf(activation)
    if (at >= 0) shelf.splice(at, 1)
    if (shelf.length === 0) shelves.delete(key)
  }

  return {
    add (activation, catalogue) {
      const key = shelfKey(activation, catalogue)
      byId.set(activation.id, { activation, rank: rank++, key })
      shelve(activation, key)
    },
    remove (activation) {
      const entry = byId.get(activation.id)
      if (entry === undefined) return
      byId.delete(activation.id)
      unshelve(activation, entry.key)
    },
    get: (id) => byId.get(id)?.activation,
    size: () => byId.size,
    all: () => [...byId.values()].map((entry) => entry.activation).reverse(),
    * candidates (api, route) {
      const routeKeys = [ANY, `${route.method} ${route.path}`, ...(route.operationId === undefined ? [] : [`op:${route.operationId}`])]
      const lists = [api, ANY].flatMap((scope) => routeKeys.map((routeKey) => shelves.get(`${scope} ${routeKey}`))).filter((list) => list !== undefined)
      if (lists.length === 1) {
        const only = lists[0] ?? []
        for (let at = only.length - 1; at >= 0; at--) { const activation = only[at]; if (activation !== undefined) yield activation }
        return
      }
      // Newest first across the shelves: each shelf is oldest first, so walk them from the end.
      const cursors = lists.map((list) => list.length - 1)
      while (true) {
        let best = -1
        let bestRank = -1
        for (const [which, list] of lists.entries()) {
          const activation = list[cursors[which] ?? -1]
          const candidateRank = activation === undefined ? -1 : byId.get(activation.id)?.rank ?? -1
          if (candidateRank > bestRank) { best = which; bestRank = candidateRank }
        }
        if (best < 0) return
        const activation = lists[best]?.[cursors[best] ?? -1]
        cursors[best] = (cursors[best] ?? 0) - 1
        if (activation !== undefined) yield activation
      }
    },
    refile (catalogue) {
      shelves.clear()
      for (const entry of [...byId.values()]) {
        entry.key = shelfKey(entry.activation, catalogue)
        shelve(entry.activation, entry.key)
      }
    },
    clear () {
      byId.clear()
      shelves.clear()
    }
  }
}

/**
 * The shelf of an activation: its API and route, else those of the named scenario it switches on, else the
 * one API whose error code it names; "*" where it may apply to any.
 */
function shelfKey (activation: Activation, catalogue: Catalogue | undefined): string {
  const named = activation.outcome === undefined ? catalogue?.named.get(activation.scenario) : undefined
  const api = activation.api ?? named?.api ?? (named === undefined && activation.outcome === undefined ? catalogue?.onlyApiWith(activation.scenario) : undefined)
  const route = activation.route ?? named?.route
  return `${api ?? ANY} ${route === undefined ? ANY : routeKey(route)}`
}

/** A route selector in the form the index files it: "METHOD /path/:param", or "op:<operationId>". */
function routeKey (selector: string): string {
  const spaced = /^([A-Za-z]+)\s+(\/\S*)$/.exec(selector.trim())
  if (spaced === null) return `op:${selector}`
  return `${(spaced[1] ?? '').toUpperCase()} ${(spaced[2] ?? '').replace(/\{([^}]+)\}/g, ':$1')}`
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
