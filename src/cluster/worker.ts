/**
 * A worker of `--workers`: it answers the APIs itself and shares with the primary what must be the same
 * whichever worker answers (src/cluster/messages.ts):
 * - the journal: entries go to the primary in a batch per turn of the event loop;
 * - the admin API: each request is forwarded to the primary, which answers it from the shared state;
 * - activations and stateful scenarios: while none is on (most of the time) a request asks no one; when one
 *   is, the primary takes it, so a countdown or a state moves once for all workers.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { JournalEntry, RawExchange } from '../assembly/journal.js'
import type { Runtime } from '../assembly/runtime.js'
import { createScenarioRegistry, type Selected } from '../scenarios/registry.js'
import type { StateStore } from '../assembly/state/store.js'
import { endLiveStreams, streamLive } from '../admin/live.js'
import type { ForwardedAnswer, PrimaryMessage, RemoteFacts, WorkerMessage } from './messages.js'

/** How a worker's app shares state with its primary; `buildApp({}, { link })` wires it in. */
export interface WorkerLink {
  /** The worker's state store: the primary holds the state, the worker a copy its syncs keep current. */
  store: (capacity: number) => StateStore
  /** Makes the runtime reload its fixtures when the primary says they changed. */
  follow: (runtime: Runtime) => void
  /** Serves `/__admin/*` by forwarding each request to the primary. */
  admin: (app: FastifyInstance) => Promise<void>
}

type Send = (message: WorkerMessage) => void

/**
 * The link of this worker process to its primary.
 * @example
 * const app = await buildApp(options, { link: connectToPrimary() })
 */
export function connectToPrimary (): WorkerLink {
  const send: Send = (message) => { process.send?.(message) }
  let nextId = 0
  const pending = new Map<number, { resolve: (value: any) => void, reject: (err: Error) => void }>()
  const call = async <T>(message: (id: number) => WorkerMessage): Promise<T> => await new Promise<T>((resolve, reject) => {
    const id = ++nextId
    pending.set(id, { resolve, reject })
    send(message(id))
  })

  let generation = 0
  let batch: Array<{ entry: Omit<JournalEntry, 'id'>, raw?: RawExchange }> = []
  const flush = (): void => {
    if (batch.length === 0) return
    send({ type: 'journal', generation, entries: batch })
    batch = []
  }
  let shared: Runtime | undefined
  // The primary's activations and states as of its last sync: what requests read without asking.
  const copy = createScenarioRegistry()

  process.on('message', (message: PrimaryMessage) => {
    switch (message.type) {
      case 'answer':
      case 'selected': {
        const waiting = pending.get(message.id)
        pending.delete(message.id)
        waiting?.resolve(message.type === 'answer' ? message.answer : message.selected)
        break
      }
      case 'failed': {
        const waiting = pending.get(message.id)
        pending.delete(message.id)
        waiting?.reject(new Error(message.message))
        break
      }
      case 'close':
        // Handled by the CLI (src/cli.ts startWorker), which owns the server.
        break
      case 'flush':
        flush()
        send({ type: 'flushed', id: message.id })
        break
      case 'sync':
        generation = message.generation
        copy.restore(message.snapshot)
        // The primary has read the same files and found them good; an editor may be mid-save now, though:
        // then this worker keeps its fixtures and says so, rather than dying.
        if (message.reload && shared !== undefined) {
          shared.reload({ elsewhere: true }).catch((err: unknown) => {
            process.stderr.write(`billing-mocks worker ${process.pid}: the fixtures could not be reloaded (${(err as Error).message}); this worker keeps the ones it had.\n`)
          }).finally(() => { send({ type: 'synced', id: message.id }) })
          break
        }
        send({ type: 'synced', id: message.id })
        break
    }
  })

  // Listening now: the primary may include this worker in flushes and syncs, and sends it the current state.
  send({ type: 'ready' })

  // Changes go through the admin API, which the primary answers (see `admin` below): a worker's store only
  // takes activations and moves stateful scenarios, through the primary, and journals.
  const answeredByThePrimary = async (): Promise<never> => { throw new Error('In a worker of --workers, the primary holds the state: change it through the admin API.') }
  return {
    store: (capacity) => ({
      view: copy,
      journal: {
        capacity,
        record (entry, raw) {
          if (batch.length === 0) setImmediate(flush)
          batch.push(raw === undefined ? { entry } : { entry, raw })
        },
        describeWith: () => {},
        // The journal is read through the admin API, which the primary answers.
        page: async () => ({ requests: [], total: 0 }),
        count: async () => 0,
        clear: answeredByThePrimary,
        generation: () => generation
      },
      async take (facts) {
        const remote: RemoteFacts = { api: facts.api.id, route: { method: facts.route.method, path: facts.route.path }, headers: facts.headers, client: facts.client }
        return await call<Selected | undefined>((id) => ({ type: 'take', id, facts: remote }))
      },
      // A scenario without states gives the same outcome everywhere: only a stateful one needs the primary.
      enter: (scenario, api) => scenario.states === undefined
        ? copy.enter(scenario)
        : call<Selected>((id) => ({ type: 'enter', id, api, scenario: scenario.name })),
      activate: answeredByThePrimary,
      deactivate: answeredByThePrimary,
      deactivateScenario: answeredByThePrimary,
      deactivateAll: answeredByThePrimary,
      activations: async () => copy.activations(),
      stateOf: async (name) => copy.stateOf(name),
      setState: answeredByThePrimary,
      resetScenarios: answeredByThePrimary,
      // The primary reloaded first and pruned its registry; the next sync brings the result.
      reloaded: async () => [],
      onReloadElsewhere: () => {},
      open: async () => {},
      close: async () => {}
    }),
    follow (runtime) { shared = runtime },
    async admin (app) {
      app.removeAllContentTypeParsers()
      app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => { done(null, body) })
      const forward = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
        const body = Buffer.isBuffer(request.body) ? request.body : undefined
        const answer = await call<ForwardedAnswer>((id) => ({ type: 'admin', id, request: { method: request.method, url: request.url, headers: request.headers, ...(body === undefined ? {} : { body }) } }))
        for (const [name, value] of Object.entries(answer.headers)) {
          if (value !== undefined && !HOP_BY_HOP.has(name)) reply.header(name, value)
        }
        return await reply.code(answer.status).send(answer.body)
      }
      // The live stream cannot go through one forwarded request and answer: the worker holds it open itself and
      // reads the primary's journal and activations through the admin API, with the caller's own headers.
      app.get('/requests/stream', { schema: { hide: true } }, async (request, reply) => {
        const ask = async (url: string): Promise<ForwardedAnswer> => await call<ForwardedAnswer>((id) => ({ type: 'admin', id, request: { method: 'GET', url, headers: request.headers } }))
        const first = await ask('/__admin/activations')
        if (first.status !== 200) return await reply.code(first.status).type('application/json').send(first.body)
        const read = async <T>(url: string): Promise<T> => {
          const answer = await ask(url)
          if (answer.status !== 200) throw new Error(`the primary answered ${answer.status}: ${Buffer.from(answer.body).toString('utf8')}`)
          return JSON.parse(Buffer.from(answer.body).toString('utf8')) as T
        }
        streamLive(request, reply, {
          requests: async (limit) => (await read<{ requests: Array<{ id: number }> }>(`/__admin/requests?limit=${limit}`)).requests,
          activations: async () => await read<unknown[]>('/__admin/activations')
        })
        return reply
      })
      app.addHook('preClose', async () => { endLiveStreams() })
      app.all('/', { schema: { hide: true } }, forward)
      app.all('/*', { schema: { hide: true } }, forward)
    }
  }
}

/** Headers that describe the primary's in-process answer, not the worker's connection. */
const HOP_BY_HOP = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'date'])
