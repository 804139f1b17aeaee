/**
 * Everything the server remembers between requests, behind one interface: activations and their countdowns,
 * where each stateful scenario stands (provider states are activations too), the request journal, and the
 * epochs that tell the replay cache an answer may have changed (a reset, a reload elsewhere).
 *
 * Three implementations, chosen by `--state` and `--workers`:
 * - memory (./memory.ts): this process alone, the default;
 * - redis (./redis.ts): every process pointed at the same Redis and key prefix shares it;
 * - a worker of `--workers` (src/cluster/worker.ts): its primary holds the store.
 *
 * The request path never waits on a store unless a request meets an activation or a stateful scenario:
 * it reads `view`, this process's copy, which an implementation keeps current (at once in memory, by
 * notifications from Redis or the primary).
 */
import type { Catalogue } from '../../scenarios/catalogue.js'
import type { Activation, ActivationRequest, RegistrySnapshot, RequestFacts, Selected } from '../../scenarios/registry.js'
import type { Scenario } from '../../engine/scenario-schema.js'
import type { Describe, JournalEntry, JournalFilter, RawExchange } from '../journal.js'

/** What the request path reads without waiting: activations and states as this process last saw them. */
export interface StateView {
  /** Whether any activation is on: requests need not look for one when none is. */
  hasActivations: () => boolean
  /** The outcome a scenario would give now, without moving it. */
  peek: (scenario: Scenario) => Selected
  /** Goes up with every change this process has seen; an answer kept for replay is good for one value. */
  version: () => number
  /** Activations and states, to copy into another process. */
  snapshot: () => RegistrySnapshot
}

/** The request journal as a store keeps it. Recording never waits; reading may. */
export interface StoreJournal {
  readonly capacity: number
  /** Keeps an exchange (`raw` becomes the entry's details when read, see `describeWith`). Never waits. */
  record: (entry: Omit<JournalEntry, 'id'>, raw?: RawExchange) => void
  describeWith: (describe: Describe) => void
  /** The first `limit` matching entries, newest first, and how many match: one read of the journal. */
  page: (filter?: JournalFilter, limit?: number) => Promise<{ requests: JournalEntry[], total: number }>
  count: (filter?: JournalFilter) => Promise<number>
  clear: () => Promise<void>
  /** Goes up at every clear; a request that arrived in an earlier generation is not recorded. */
  generation: () => number
}

export interface StateStore {
  readonly view: StateView
  readonly journal: StoreJournal
  /** Throws ActivationLimitError past LIMITS.activations, Error for a request that names nothing known. */
  activate: (request: ActivationRequest, catalogue: Catalogue) => Promise<Activation>
  deactivate: (id: string) => Promise<boolean>
  /** Every activation of a scenario off; how many there were. */
  deactivateScenario: (name: string) => Promise<number>
  deactivateAll: () => Promise<void>
  /** Newest first, with their remaining uses. */
  activations: () => Promise<Activation[]>
  stateOf: (name: string) => Promise<string>
  /** Throws when the scenario has no such state. */
  setState: (scenario: Scenario, state: string) => Promise<void>
  /**
   * The first activation (newest first) that matches the request and applies to its route, counted down
   * exactly once whichever process takes it. Synchronous where the store is in this process.
   */
  take: (facts: RequestFacts, catalogue: Catalogue) => Selected | undefined | Promise<Selected | undefined>
  /** The outcome of a scenario now, moving a stateful one to its next state exactly once. `api`: the request's. */
  enter: (scenario: Scenario, api: string) => Selected | Promise<Selected>
  /** Every activation off and every scenario back in "Started". */
  resetScenarios: () => Promise<void>
  /**
   * After this process reloaded its fixtures: drops activations of scenarios they no longer have, puts back
   * in "Started" the scenarios whose state is gone, and tells the other processes sharing the store to
   * reload too. Returns what it changed, in sentences.
   */
  reloaded: (catalogue: Catalogue) => Promise<string[]>
  /** Called when another process sharing the store reloaded its fixtures. */
  onReloadElsewhere: (listener: () => unknown) => void
  /**
   * Connects (a shared store) and reads the state in force; from then on `log` hears of outages. Resolves
   * within a few seconds even when the store is unreachable (then it keeps trying).
   */
  open: (log: StateLog) => Promise<void>
  close: () => Promise<void>
}

/** Where a store reports an outage and its end (the server's logger). */
export interface StateLog {
  warn: (message: string) => void
  info: (message: string) => void
}

/**
 * The store cannot be reached (Redis down): the admin API answers 503 and names it. Requests go on as if no
 * activation were on.
 */
export class StateUnavailableError extends Error {
  readonly store: string
  constructor (store: string, cause: string) {
    super(`The shared state at ${store} cannot be reached (${cause}). API requests are answered as if no activation were on until it is back.`)
    this.name = 'StateUnavailableError'
    this.store = store
  }
}
