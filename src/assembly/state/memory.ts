/**
 * The state of one process (`--state memory`, the default): the scenario registry and the journal's ring,
 * held here and nowhere else. Its view is the registry itself, so a change is seen by the next request.
 */
import { createScenarioRegistry } from '../../scenarios/registry.js'
import { createJournal, type Journal } from '../journal.js'
import type { StateStore, StoreJournal } from './store.js'

/**
 * @example
 * const store = createMemoryStore({ journalSize: 1000 })
 * await store.activate({ scenario: 'GLOBAL_1001', times: 1 }, catalogue)
 */
export function createMemoryStore ({ journalSize, now }: { journalSize: number, now?: () => Date }): StateStore {
  const registry = createScenarioRegistry(now)
  return {
    view: registry,
    journal: storeJournal(createJournal(journalSize)),
    activate: async (request, catalogue) => registry.activate(request, catalogue),
    deactivate: async (id) => registry.deactivate(id),
    deactivateScenario: async (name) => registry.deactivateScenario(name),
    async deactivateAll () {
      for (const activation of registry.activations()) registry.deactivate(activation.id)
    },
    activations: async () => registry.activations(),
    stateOf: async (name) => registry.stateOf(name),
    setState: async (scenario, state) => { registry.setState(scenario, state) },
    take: (facts, catalogue) => registry.takeActivation(facts, catalogue),
    enter: (scenario) => registry.enter(scenario),
    resetScenarios: async () => { registry.reset() },
    // No other process shares it: nobody to tell.
    reloaded: async (catalogue) => registry.prune(catalogue),
    onReloadElsewhere: () => {},
    open: async () => {},
    close: async () => {}
  }
}

/** A journal of this process as a store's journal. */
function storeJournal (journal: Journal): StoreJournal {
  return {
    capacity: journal.capacity,
    record: journal.record,
    describeWith: journal.describeWith,
    page: async (filter, limit) => ({ requests: journal.list(filter, limit), total: journal.count(filter) }),
    count: async (filter) => journal.count(filter),
    clear: async () => { journal.clear() },
    generation: journal.generation
  }
}
