/**
 * What the server holds while it runs: the fixtures in force (and what derives from them: worlds, OAuth
 * clients, static tokens, the scenario catalogue), and the state store (./state/store.ts: activations,
 * scenario states, the journal), which may be shared with other processes. A reload builds the new fixtures
 * completely before it swaps them in, so a bad file leaves the old ones serving.
 */
import { randomInt } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import { LRUCache } from 'lru-cache'
import { secretKey } from '../auth/secrets.js'
import type { Config } from '../config.js'
import { checkScenario, createCatalogue, type ApiInfo, type Catalogue } from '../scenarios/catalogue.js'
import { createMemoryStore } from './state/memory.js'
import type { StateStore } from './state/store.js'
import { loadFixtures, type ClientFixture, type Fixtures, type StaticTokenFixture } from '../world/fixtures.js'
import type { MockDefinition } from '../engine/define-mock.js'

/** What one set of fixture files gives the server. */
export interface Loaded {
  fixtures: Fixtures
  catalogue: Catalogue
  clients: ReadonlyMap<string, ClientFixture>
  /** Keyed by `secretKey(token)` (src/auth/secrets.ts), so a lookup never compares the tokens themselves. */
  staticTokens: ReadonlyMap<string, StaticTokenFixture>
  loadedAt: string
}

export interface Runtime {
  readonly config: Config
  /** Every mounted API, with its routes as they registered. */
  readonly apis: ApiInfo[]
  /** Activations, scenario states and the journal: this process's, Redis's (`--state`) or a `--workers` primary's. */
  readonly state: StateStore
  /** Called after each successful reload, whatever asked for it (the admin API, `--watch-fixtures`, another replica). */
  afterReload: (listener: () => void) => void
  current: () => Loaded
  /**
   * The world a request sees: the server's seed, the one of `Prefer: seed=N`, or a fresh random one for
   * `Prefer: dynamic=true`.
   */
  world: (api: string, request?: FastifyRequest) => unknown
  /** Checks what needs the routes (scenario routes, codes, tags); throws the first problem with its file and line. */
  check: () => void
  /**
   * Re-reads the fixture files; on any error throws it and keeps the fixtures in force. Activations and
   * scenario states the new fixtures no longer support are dropped, and the processes sharing the state
   * reload too; `changes` says what was dropped. `elsewhere`: another process reloaded, it did all that.
   */
  reload: (options?: { elsewhere?: boolean }) => Promise<Loaded & { changes: string[] }>
  /** The last reload that failed (the admin API's, --watch-fixtures', another replica's), until one succeeds. */
  reloadProblem: () => { at: string, message: string } | undefined
  /** Turns every runtime switch off: activations, scenario states, the journal. Fixtures stay. */
  reset: () => Promise<void>
  /**
   * Grows with every change that can change an answer: a reload, an activation switched on or off or counted
   * down, a scenario state moved. Answers kept for replay (src/assembly/replay.ts) are good for one epoch.
   */
  epoch: () => number
}

/**
 * @example
 * const runtime = createRuntime(config, mocks)
 * runtime.world('masstack') // the masstack world of the configured seed
 */
export function createRuntime (config: Config, definitions: ReadonlyArray<MockDefinition<any, any>>, state: StateStore = createMemoryStore(config)): Runtime {
  const apis: ApiInfo[] = definitions.map((definition) => ({
    id: definition.id,
    errors: definition.errors ?? {},
    emptyable: definition.emptyAnswer !== undefined,
    routes: []
  }))
  const sections = Object.fromEntries(definitions.map((definition) => [definition.id, definition.fixtures]))
  const reloadListeners: Array<() => void> = []
  // The configured seed's worlds stay; those of `Prefer: seed=N` share a few places, since each world
  // holds its own rendered-file cache.
  let seeded = new Map<string, unknown>()
  const otherSeeds = new LRUCache<string, { world: unknown }>({ max: 4 })
  // `Prefer: dynamic=true` builds one world per request, shared by the scenario check and the handler.
  const dynamic = new WeakMap<FastifyRequest, Map<string, unknown>>()

  /**
   * `refuseEmpty` on a reload: a file that held something and is now empty was caught half-written (or
   * emptied by mistake), so the fixtures in force stay rather than lose its content.
   */
  const load = (refuseEmpty?: (file: string) => boolean): Loaded => {
    const fixtures = loadFixtures(config.fixtures, sections, { refuseEmpty })
    return {
      fixtures,
      catalogue: createCatalogue(fixtures.scenarios, apis),
      clients: new Map(fixtures.clients.map((client) => [client.clientId, client])),
      staticTokens: new Map(fixtures.tokens.map((token) => [secretKey(token.token), token])),
      loadedAt: new Date().toISOString()
    }
  }

  let loaded = load()
  let reloads = 0
  let problem: { at: string, message: string } | undefined

  const createWorld = (api: string, seed: number, from: Loaded): unknown => {
    const definition = definitions.find((candidate) => candidate.id === api)
    if (definition === undefined) throw new Error(`No API "${api}" is mounted.`)
    return definition.createWorld({ seed, fixtures: from.fixtures.apis[api] as never, config })
  }

  const check = (candidate: Loaded): void => {
    for (const file of candidate.fixtures.files) {
      const recordings = (file.content.recordings ?? []) as Array<{ api: string }>
      for (const [index, recording] of recordings.entries()) {
        if (!apis.some((api) => api.id === recording.api)) throw file.problem(['recordings', index, 'api'], `"${recording.api}" is no API; the APIs are ${apis.map((api) => api.id).join(', ')}`)
      }
      const scenarios = (file.content.scenarios ?? []) as Parameters<typeof checkScenario>[0][]
      for (const [index, scenario] of scenarios.entries()) {
        const problem = checkScenario(scenario, apis)
        if (problem !== undefined) throw file.problem(['scenarios', index, ...problem.path], problem.message)
      }
      for (const api of apis) {
        for (const { path, name } of scenarioTags(file.content[api.id], [api.id])) {
          const scenario = candidate.catalogue.resolve(name, api.id)
          if (scenario === undefined || (scenario.api !== undefined && scenario.api !== api.id)) {
            throw file.problem(path, `"${name}" is no scenario of ${api.id}; use a name from GET /__admin/scenarios, one of ${api.id}'s error codes (${Object.keys(api.errors).join(', ')}), or define it under scenarios:`)
          }
        }
      }
    }
    // Building each world once validates the entities the mocks derive from fixtures.
    for (const api of apis) createWorld(api.id, config.seed, candidate)
  }

  return {
    config,
    apis,
    state,
    afterReload (listener) { reloadListeners.push(listener) },
    current: () => loaded,
    world (api, request) {
      const prefer = request?.prefer
      if (request !== undefined && prefer?.dynamic === true) {
        const mine = dynamic.get(request) ?? new Map<string, unknown>()
        dynamic.set(request, mine)
        if (!mine.has(api)) mine.set(api, createWorld(api, randomInt(2 ** 32 - 1), loaded))
        return mine.get(api)
      }
      const seed = prefer?.seed ?? config.seed
      if (seed === config.seed) {
        if (!seeded.has(api)) seeded.set(api, createWorld(api, seed, loaded))
        return seeded.get(api)
      }
      const key = `${api}:${seed}`
      let entry = otherSeeds.get(key)
      if (entry === undefined) {
        entry = { world: createWorld(api, seed, loaded) }
        otherSeeds.set(key, entry)
      }
      return entry.world
    },
    check: () => { check(loaded) },
    async reload ({ elsewhere = false } = {}) {
      const held = new Set(loaded.fixtures.files.filter((file) => !file.empty).map((file) => file.file))
      let candidate: Loaded
      try {
        candidate = load((file) => held.has(file))
        check(candidate)
      } catch (err) {
        problem = { at: new Date().toISOString(), message: (err as Error).message }
        throw err
      }
      problem = undefined
      loaded = candidate
      reloads++
      seeded = new Map()
      otherSeeds.clear()
      const changes = elsewhere ? [] : await state.reloaded(loaded.catalogue)
      for (const listener of reloadListeners) listener()
      return { ...loaded, changes }
    },
    reloadProblem: () => problem,
    async reset () {
      await state.resetScenarios()
      await state.journal.clear()
    },
    // Both only grow, so their sum grows with either.
    epoch: () => reloads + state.view.version()
  }
}

/** Every `scenario: <name>` tag inside an API's fixture section, with its path. */
function scenarioTags (value: unknown, path: Array<string | number>): Array<{ path: Array<string | number>, name: string }> {
  if (Array.isArray(value)) return value.flatMap((item, index) => scenarioTags(item, [...path, index]))
  if (typeof value !== 'object' || value === null) return []
  return Object.entries(value).flatMap(([key, child]) =>
    key === 'scenario' && typeof child === 'string' ? [{ path: [...path, key], name: child }] : scenarioTags(child, [...path, key]))
}
