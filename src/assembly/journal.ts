/**
 * The request journal: what applications sent, in a ring buffer of fixed size (`--journal-size`), so a
 * long-running mock never grows with its traffic. A hand-written ring rather than a library: it is twenty
 * lines, and the filters need to walk it newest first.
 */
import type { NearMiss } from './near-miss.js'

export interface JournalEntry {
  id: number
  /** When the request arrived (wall clock, ISO 8601). */
  at: string
  method: string
  url: string
  path: string
  /** The API whose prefix the path is under, "oauth" for the token endpoint, null for anything else. */
  api: string | null
  /** The route that answered ("GET /masstack/v2/orgs/:orgId/..."), null when none matched. */
  route: string | null
  headers: Record<string, string>
  body?: unknown
  status: number
  durationMs: number
  scenario?: { name: string, source: 'header' | 'prefer' | 'admin' | 'fixture', state?: string }
  /** A recorded exchange of the real provider answered. */
  recorded?: boolean
  /** For requests no route matched: the nearest routes and why each missed. */
  nearMisses?: NearMiss[]
  /** `billing-mocks proxy`: how the real provider's answer differs from the API's OpenAPI document. */
  /** `billing-mocks proxy`: how the real answer differs from its document (src/drift/validate.ts's Violation, written by the proxy's journal). */
  violations?: Array<{ kind: string, message: string, path: string, expected?: string, actual?: string }>
  /** An error answer's body (up to 2 KB), to see what the application was told. */
  responseBody?: string
  /** With a shared state (`--state redis://…`): the process that answered, host name and pid. */
  replica?: string
}

export interface JournalFilter {
  api?: string
  method?: string
  /** A path; `*` matches any run of characters. */
  path?: string
  /** Only requests at or after this instant. */
  since?: string
  status?: number
  /** true: only requests no route matched. */
  unmatched?: boolean
}

/**
 * What the hot path keeps of an exchange beyond the entry's filterable fields: the request as received. It
 * becomes the entry's remaining fields (masked headers, body, near misses) only when someone reads it.
 */
export interface RawExchange {
  /** When it arrived (epoch milliseconds): `since` compares with it until the entry's `at` is written. */
  arrivedAt: number
  url: string
  method: string
  path: string
  /** The route's path pattern, null when none matched. */
  route: string | null
  /** Milliseconds from arrival to the end of the answer. */
  elapsed: number
  headers: Record<string, string | string[] | undefined>
  /** The headers as they arrived (name, value, …), in place of `headers`: made into an object when read. */
  rawHeaders?: string[]
  body?: unknown
  /** The body as the journal shows it, made at once for a large body so that the body itself is not kept. */
  shownBody?: unknown
  unmatched: boolean
  errorBody: string | null
}

/** Turns a raw exchange into the entry's remaining fields; the request recorder (record.ts) provides it. */
export type Describe = (raw: RawExchange) => Partial<Omit<JournalEntry, 'id'>>

export interface Journal {
  readonly capacity: number
  /**
   * Assigns the entry its id and keeps it, dropping the oldest past capacity. `raw`, when given, is described
   * (see `describeWith`) the first time the entry is read, and merged in: the filters must not depend on it.
   */
  record: (entry: Omit<JournalEntry, 'id'>, raw?: RawExchange) => void
  /** How raw exchanges become entry fields. */
  describeWith: (describe: Describe) => void
  /** Matching entries, newest first. */
  list: (filter?: JournalFilter, limit?: number) => JournalEntry[]
  count: (filter?: JournalFilter) => number
  /** The entries kept after the one with id `id`, newest first, at most `limit`. */
  newerThan: (id: number, limit: number) => JournalEntry[]
  size: () => number
  clear: () => void
  /** Goes up at every clear; a request that arrived in an earlier generation is not recorded. */
  generation: () => number
}

/**
 * @example
 * const journal = createJournal(1000)
 * journal.count({ api: 'masstack', method: 'GET' })
 */
export function createJournal (capacity: number): Journal {
  let ring: Array<Slot | undefined> = new Array<Slot | undefined>(capacity)
  let next = 0
  let size = 0
  let lastId = 0
  let generation = 0
  let describe: Describe | undefined

  const newestFirst = function * (): Generator<Slot> {
    for (let offset = 1; offset <= size; offset++) {
      const slot = ring[(next - offset + capacity) % capacity]
      if (slot !== undefined) yield slot
    }
  }

  return {
    capacity,
    record (entry, raw) {
      lastId++
      if (capacity === 0) return
      const slot: Slot = entry as Slot
      slot.id = lastId
      if (raw !== undefined) slot.raw = raw
      ring[next] = slot
      next = (next + 1) % capacity
      size = Math.min(size + 1, capacity)
    },
    list (filter = {}, limit = Number.POSITIVE_INFINITY) {
      const test = journalFilter(filter)
      const out: JournalEntry[] = []
      for (const slot of newestFirst()) {
        if (out.length >= limit) break
        if (test(slot)) out.push(complete(slot, describe))
      }
      return out
    },
    count (filter = {}) {
      const test = journalFilter(filter)
      let count = 0
      for (const entry of newestFirst()) if (test(entry)) count++
      return count
    },
    newerThan (id, limit) {
      const out: JournalEntry[] = []
      for (const slot of newestFirst()) {
        if (slot.id <= id || out.length >= limit) break
        out.push(complete(slot, describe))
      }
      return out
    },
    describeWith (given) { describe = given },
    size: () => size,
    generation: () => generation,
    clear () {
      generation++
      ring = new Array<Slot | undefined>(capacity)
      next = 0
      size = 0
    }
  }
}

/** An entry as kept: its raw exchange is described when it is first read. */
type Slot = JournalEntry & { raw?: RawExchange }

function complete (slot: Slot, describe: Describe | undefined): JournalEntry {
  if (slot.raw !== undefined && describe !== undefined) {
    const raw = slot.raw
    slot.raw = undefined
    Object.assign(slot, describe(raw))
  }
  return slot
}

function arrival (slot: Slot): number {
  return slot.raw !== undefined ? slot.raw.arrivedAt : Date.parse(slot.at)
}

/**
 * A journal filter as a test of one entry.
 * @example
 * entries.filter(journalFilter({ api: 'masstack', status: 200 }))
 */
export function journalFilter (filter: JournalFilter): (entry: JournalEntry) => boolean {
  const pattern = filter.path
  const since = filter.since === undefined ? undefined : Date.parse(filter.since)
  const method = filter.method?.toUpperCase()
  return (entry: Slot) =>
    (filter.api === undefined || entry.api === filter.api) &&
    (method === undefined || entry.method === method) &&
    (pattern === undefined || globMatch(pattern, entry.path)) &&
    (since === undefined || arrival(entry) >= since) &&
    (filter.status === undefined || entry.status === filter.status) &&
    (filter.unmatched === undefined || (entry.route === null) === filter.unmatched)
}

/**
 * Whether `text` matches a pattern where `*` stands for any run of characters. Linear: each literal piece is
 * found left to right once, so no pattern can make the journal (and the server) spin, as a regular
 * expression with many `.*` can.
 * @example
 * globMatch('/masstack/*', '/masstack/v2/orgs/telco/accounts/1/invoices') // true
 */
export function globMatch (pattern: string, text: string): boolean {
  const pieces = pattern.split('*')
  const first = pieces[0] ?? ''
  if (pieces.length === 1) return text === first
  const last = pieces.at(-1) ?? ''
  if (!text.startsWith(first) || text.length < first.length + last.length || !text.endsWith(last)) return false
  let at = first.length
  const end = text.length - last.length
  for (const piece of pieces.slice(1, -1)) {
    const found = text.indexOf(piece, at)
    if (found === -1 || found + piece.length > end) return false
    at = found + piece.length
  }
  return true
}
