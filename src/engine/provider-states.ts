/**
 * Part of the mock contract (each API's `states.ts` defines its states with it; the admin API realises them
 * and `npm run verify` names them). Pact provider states: the situations consumer tests name (`given(...)`) and how the mock realises each.
 * A state is a template with `{param}` placeholders, so contracts read like sentences ("customer 70000001
 * has contract 80000001 with 12 bills") while the parameters also travel as Pact state params.
 *
 * Two kinds, because Pact's guidance is that states cannot be set up on a third party's API:
 * - `data`: the interaction needs data that exist (the well-known identities). The mock checks that they
 *   do; against a real provider the interaction is replayed when the data exist there too.
 * - `scenario`: the interaction needs the provider to fail on purpose (expired token, service down). The
 *   mock switches the scenario on; against a real provider it is reported as not verifiable.
 */
import type { Outcome } from './scenario-schema.js'

export type StateParams = Record<string, string | number | boolean>

export interface StateContext {
  api: string
  /** Switches a scenario (a name, or an outcome) on for this API until the next state set-up. */
  activate: (scenario: string | Outcome) => void
  /** The API's world of the configured seed. */
  world: <W>() => W
}

export interface ProviderState<P extends StateParams = StateParams> {
  /** The name with `{param}` placeholders. */
  template: string
  kind: 'data' | 'scenario'
  /** The state's name for these parameters, as a consumer test gives it. */
  name: (params: P) => string
  /** Reads the parameters back out of a name (for pacts whose states carry no params). */
  parse: (name: string) => P | undefined
  /** Realises the state on the mock; throws, saying what is missing, when it cannot. */
  setup: (params: P, context: StateContext) => void
}

/**
 * @example
 * export const contractWithBills = defineState({
 *   template: 'customer {id} has contract {contractNumber} with {bills} bills',
 *   kind: 'data',
 *   setup: ({ id, contractNumber, bills }, { world }) => { ... }
 * })
 * contractWithBills.name({ id: 70000001, contractNumber: 80000001, bills: 12 })
 */
export function defineState<P extends StateParams> (definition: Pick<ProviderState<P>, 'template' | 'kind' | 'setup'>): ProviderState<P> {
  const keys: string[] = []
  const source = definition.template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_all, key: string) => {
    keys.push(key)
    return '(.+?)'
  })
  const pattern = new RegExp(`^${source}$`)
  return {
    ...definition,
    name: (params) => definition.template.replace(/\{(\w+)\}/g, (_all, key: string) => String(params[key])),
    parse (name) {
      const match = pattern.exec(name)
      if (match === null) return undefined
      return Object.fromEntries(keys.map((key, index) => {
        const value = match[index + 1] ?? ''
        return [key, /^-?\d+$/.test(value) && value.length < 16 ? Number(value) : value]
      })) as P
    }
  }
}

/** A state that asks the mock for one of its scenarios (by name, or an outcome). */
export function scenarioState (template: string, scenario: string | Outcome): ProviderState {
  return defineState({ template, kind: 'scenario', setup: (_params, { activate }) => { activate(scenario) } })
}

/** Thrown by a set-up that finds the data missing: the verifier reports the interaction with this message. */
export class StateError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'StateError'
  }
}
