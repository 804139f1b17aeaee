/**
 * What the primary and the workers of `--workers` say to each other over node:cluster's IPC channel
 * (structured clone: `serialization: 'advanced'`, so Buffers and bodies pass as they are).
 *
 * The primary holds the state every worker must agree on: the scenario registry (activations, countdowns,
 * states) and the request journal. Workers answer the APIs themselves, from the same seed and fixtures, so
 * answers and tokens agree without asking anyone.
 */
import type { RawExchange, JournalEntry } from '../assembly/journal.js'
import type { RegistrySnapshot, Selected } from '../scenarios/registry.js'

/** A request to the admin API, as a worker received it. */
export interface ForwardedRequest {
  method: string
  url: string
  headers: Record<string, string | string[] | undefined>
  body?: Buffer
}

export interface ForwardedAnswer {
  status: number
  headers: Record<string, string | string[] | number | undefined>
  body: Buffer
}

/** The facts of a request that an activation may match, as plain data. */
export interface RemoteFacts {
  api: string
  route: { method: string, path: string }
  headers: Record<string, string | string[] | undefined>
  client: string | undefined
}

export type WorkerMessage =
  | { type: 'admin', id: number, request: ForwardedRequest }
  | { type: 'take', id: number, facts: RemoteFacts }
  | { type: 'enter', id: number, api: string, scenario: string }
  /** `generation`: the journal generation the entries belong to; the primary drops them after a clear. */
  | { type: 'journal', generation: number, entries: Array<{ entry: Omit<JournalEntry, 'id'>, raw?: RawExchange }> }
  /** The worker listens for messages: from now on it takes part in flushes and syncs. */
  | { type: 'ready' }
  | { type: 'flushed', id: number }
  | { type: 'synced', id: number }

export type PrimaryMessage =
  | { type: 'answer', id: number, answer: ForwardedAnswer }
  | { type: 'selected', id: number, selected: Selected | undefined }
  | { type: 'flush', id: number }
  /** The shared state after a change; `reload` when the fixtures changed. Acknowledged with `synced`. */
  | { type: 'sync', id: number, snapshot: RegistrySnapshot, generation: number, reload: boolean }
  | { type: 'failed', id: number, message: string }
  /** Stop gracefully: finish the requests in flight, then exit. */
  | { type: 'close' }

/** Set in a worker's environment: the options the primary was started with, as JSON. */
export const WORKER_OPTIONS_VARIABLE = 'BILLING_MOCKS_WORKER_OPTIONS'
