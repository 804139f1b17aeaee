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
  /**
   * Reads a paraphrase of the name written by another team: the parameters in any order, each found by the
   * word before it ("account 999", "org telco") or after it ("12 bills"), optional parts left out when the
   * state has a default for them, and common wordings ("doesn't exist", "is unknown" for "does not exist").
   */
  paraphrase: (name: string) => P | undefined
  /** Values for the parameters a paraphrase may leave out (masstack's org: the well-known "telco"). */
  defaults?: Partial<P>
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
export function defineState<P extends StateParams> (definition: Pick<ProviderState<P>, 'template' | 'kind' | 'setup' | 'defaults'>): ProviderState<P> {
  const keys: string[] = []
  const source = definition.template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_all, key: string) => {
    keys.push(key)
    return '(.+?)'
  })
  const pattern = new RegExp(`^${source}$`)
  const loose = paraphraseReader(definition.template, (definition.defaults ?? {}) as StateParams)
  return {
    ...definition,
    paraphrase: (name) => loose(name) as P | undefined,
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

/** Words that carry no meaning of their own in a state's name. */
const FILLER = new Set(['a', 'an', 'the', 'in', 'of', 'for', 'on', 'with', 'which', 'whose', 'that', 'and', 'is', 'are', 'has', 'have', 'had', 'been', 'there', 'it', 'its'])

/**
 * Common wordings of the same meaning, each to one form. "Has no" and "does not exist" are one meaning:
 * what is left of the name tells them apart ("customer 1 has no contract 2" keeps its contract, "customer 1
 * does not exist" has nothing else), so "there is no account 9" and "contract 2 of customer 1 does not exist"
 * read as the states they paraphrase.
 */
const WORDINGS: Array<[RegExp, string]> = [
  [/\b(?:does|do|did)\s?n(?:o|'|’)t (?:exist|have)\b|\b(?:unknown|missing|absent|not found|not present|not known|non-?existent|has no|have no|without|no)\b/g, 'absent'],
  [/\b(?:exists?|present|known)\b/g, 'exists'],
  [/\bhas expired\b|\bis expired\b|\bexpired\b/g, 'expired'],
  [/\bfails\b|\bis failing\b|\bfailing\b|\bis down\b|\berrors?\b/g, 'fails']
]

function meaningWords (text: string): string[] {
  let normal = text.toLowerCase().replace(/[,;:.!?()]/g, ' ')
  for (const [pattern, word] of WORDINGS) normal = normal.replace(pattern, ` ${word} `)
  return normal.split(/\s+/).filter((word) => word !== '' && !FILLER.has(word))
}

const escape = (text: string): string => text.replace(/[.*+?^$()|[\]\\]/g, '\\$&')

/**
 * A parameter's value in a name: no spaces, commas only inside ("pdf,xml"), never a filler word (so "invoice
 * of customer 1 … invoice 2" finds 2 for the invoice, not "of").
 */
const VALUE = `((?!(?:${[...FILLER].join('|')})[\\s,;])[^\\s,;]+(?:,[^\\s,;]+)*)`

/** How a `{param}` is found in a name: the template's word before it, or after it ("{bills} bills"). */
interface Label { key: string, label: string, before: boolean, gap: string[] }

function labelOf (key: string, words: readonly string[], index: number): Label | undefined {
  const isWord = (word: string | undefined): word is string => word !== undefined && !word.startsWith('{')
  const previous = words[index - 1]
  if (isWord(previous) && !FILLER.has(previous)) return { key, label: previous, before: true, gap: [] }
  const next = words[index + 1]
  if (isWord(next) && !FILLER.has(next)) return { key, label: next, before: false, gap: [] }
  // "issued on {invoiceDate}": the meaningful word before, across the fillers between (which a name may drop).
  let at = index - 1
  while (isWord(words[at]) && FILLER.has(words[at] ?? '')) at--
  const label = words[at]
  return isWord(label) && at < index - 1 ? { key, label, before: true, gap: words.slice(at + 1, index) } : undefined
}

/**
 * Builds the paraphrase reader of a template: each `{param}` is found in a name by its label, the word of
 * the template before it ("account {accountId}", "issued on {invoiceDate}") or, when that word is a filler
 * or there is none, after it ("{bills} bills"); what is left of the name must mean what is left of the
 * template.
 */
function paraphraseReader (template: string, defaults: StateParams): (name: string) => StateParams | undefined {
  const words = template.split(/\s+/).map((word) => word.replace(/,$/, '')).map((word) => word.startsWith('{') ? word : word.toLowerCase())
  const labels = words.flatMap((word, index) => {
    const key = /^\{(\w+)\}$/.exec(word)?.[1]
    const label = key === undefined ? undefined : labelOf(key, words, index)
    return label === undefined ? [] : [label]
  })
  const labelWords = new Set(labels.map(({ label }) => label))
  const patterns = labels.map(({ key, label, before, gap }) => ({
    key,
    pattern: before
      ? new RegExp(`\\s${escape(label)}\\s+${gap.map((word) => `(?:${escape(word)}\\s+)?`).join('')}${VALUE}`, 'i')
      : new RegExp(`\\s${VALUE}\\s+${escape(label)}(?=[\\s,;.!?])`, 'i')
  }))
  const meaning = meaningWords(template.replace(/\{\w+\}/g, ' ')).filter((word) => !labelWords.has(word)).sort().join(' ')
  return (name) => {
    const params: StateParams = {}
    let rest = ` ${name} `
    for (const { key, pattern } of patterns) {
      const found = pattern.exec(rest)
      if (found?.[1] === undefined) {
        const fallback = defaults[key]
        if (fallback === undefined) return undefined
        params[key] = fallback
        continue
      }
      // The end of a sentence is not part of the value ("account 9 does not exist in org telco.").
      const value = found[1].replace(/[.!?:]+$/, '')
      params[key] = /^-?\d+$/.test(value) && value.length < 16 ? Number(value) : value
      rest = rest.replace(found[0], ' ')
    }
    const left = meaningWords(rest).filter((word) => !labelWords.has(word)).sort().join(' ')
    return left === meaning ? params : undefined
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
