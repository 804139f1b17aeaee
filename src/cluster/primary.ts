/**
 * The primary of `--workers N`: forks N workers that share the port (node:cluster hands out connections),
 * and holds the state they must agree on in an app of its own that never listens: the scenario registry
 * and the request journal (src/cluster/messages.ts says who says what).
 *
 * - Admin requests arrive forwarded from whichever worker received them. The primary first has every worker
 *   send the journal entries it still holds, then answers with `inject`, and after a change sends every
 *   worker the new state (and "reload" after new fixtures), answering only once all have it: the next
 *   request, whichever worker gets it, sees the change.
 * - A worker dying unexpectedly is replaced.
 */
import cluster, { type Worker } from 'node:cluster'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../app.js'
import { PACKAGE_ROOT, type Config } from '../config.js'
import { WORKER_OPTIONS_VARIABLE, type PrimaryMessage, type WorkerMessage } from './messages.js'

/** The command a worker runs: the CLI, which sees the variable and becomes a worker. */
const CLI = `${PACKAGE_ROOT}bin/billing-mocks.js`
/** A worker that does not answer a sync or a flush in this time is left out of it (it is being replaced). */
const ANSWER_WITHIN_MS = 5000
/** A worker that dies sooner than this after it started is restarted after this delay. */
const RESTART_AFTER_MS = 2000

export interface Primary {
  /** The app holding the shared state (it does not listen). */
  app: FastifyInstance
  /** Where the workers listen, e.g. http://127.0.0.1:4010. */
  address: string
  /** Stops the workers (each finishes its requests in flight), then the primary's app. */
  close: () => Promise<void>
}

/**
 * Starts `options.workers` workers and returns once all listen.
 * @example
 * const { address, close } = await startPrimary({ port: 4010, workers: 4 })
 */
export async function startPrimary (options: Partial<Config> & { workers: number }): Promise<Primary> {
  const app = await buildApp(options)
  const runtime = app.mocks
  let closing = false
  let nextId = 0
  const waiting = new Map<number, { left: Set<Worker>, done: () => void }>()
  // Workers that listen for messages (they said `ready`): only they are asked to flush or sync.
  const ready = new Set<Worker>()

  // Sends a message to every worker and resolves when each has acknowledged it (or left).
  const everyone = async (message: (id: number) => PrimaryMessage): Promise<void> => {
    const workers = [...ready].filter((worker) => worker.isConnected())
    if (workers.length === 0) return
    const id = ++nextId
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => { waiting.delete(id); resolve() }, ANSWER_WITHIN_MS)
      waiting.set(id, { left: new Set(workers), done: () => { clearTimeout(timer); waiting.delete(id); resolve() } })
      for (const worker of workers) worker.send(message(id))
    })
  }
  const acknowledged = (worker: Worker, id: number): void => {
    const entry = waiting.get(id)
    if (entry === undefined) return
    entry.left.delete(worker)
    if (entry.left.size === 0) entry.done()
  }

  // Syncs run one after the other, so workers see the changes in the order they happened.
  const logFailure = (err: unknown): void => { app.log.error({ err }, 'the workers could not be sent the shared state') }
  let syncs = Promise.resolve()
  const sync = async (reload: boolean): Promise<void> => {
    syncs = syncs.then(async () => {
      await everyone((id) => ({ type: 'sync', id, snapshot: runtime.state.view.snapshot(), generation: runtime.state.journal.generation(), reload }))
    })
    await syncs
  }
  // New fixtures, from the admin API or --watch-fixtures: every worker reloads the same files.
  runtime.afterReload(() => { sync(true).catch(logFailure) })

  const handle = async (worker: Worker, message: WorkerMessage): Promise<void> => {
    const reply = (answer: PrimaryMessage): void => { if (worker.isConnected()) worker.send(answer) }
    switch (message.type) {
      case 'ready':
        ready.add(worker)
        reply({ type: 'sync', id: 0, snapshot: runtime.state.view.snapshot(), generation: runtime.state.journal.generation(), reload: false })
        return
      case 'journal':
        // Requests that began before a reset or a clear are not journalled after it.
        if (message.generation !== runtime.state.journal.generation()) return
        for (const { entry, raw } of message.entries) runtime.state.journal.record(entry, raw)
        return
      case 'flushed':
      case 'synced':
        acknowledged(worker, message.id)
        return
      case 'admin': {
        const { method, url, headers, body } = message.request
        await everyone((id) => ({ type: 'flush', id }))
        const response = await app.inject({ method: method as 'GET', url, headers: headers as Record<string, string>, ...(body === undefined ? {} : { payload: body }) })
        if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') await sync(false)
        reply({ type: 'answer', id: message.id, answer: { status: response.statusCode, headers: response.headers, body: response.rawPayload } })
        return
      }
      case 'take': {
        const api = runtime.apis.find((candidate) => candidate.id === message.facts.api)
        const route = api?.routes.find((candidate) => candidate.method === message.facts.route.method && candidate.path === message.facts.route.path)
        const selected = api === undefined || route === undefined
          ? undefined
          : await runtime.state.take({ api, route, headers: message.facts.headers, client: message.facts.client }, runtime.current().catalogue)
        reply({ type: 'selected', id: message.id, selected })
        if (selected !== undefined) sync(false).catch(logFailure)
        return
      }
      case 'enter': {
        const scenario = runtime.current().catalogue.resolve(message.scenario, message.api)
        if (scenario === undefined) {
          reply({ type: 'failed', id: message.id, message: `No scenario "${message.scenario}" for ${message.api} in the primary's fixtures.` })
          return
        }
        reply({ type: 'selected', id: message.id, selected: await runtime.state.enter(scenario, message.api) })
        sync(false).catch(logFailure)
      }
    }
  }

  cluster.setupPrimary({ exec: CLI, args: ['start'], serialization: 'advanced' })
  const fork = (): Worker => {
    const forkedAt = Date.now()
    const worker = cluster.fork({ [WORKER_OPTIONS_VARIABLE]: JSON.stringify(options) })
    // A message to a worker that has just died fails with EPIPE: the primary logs it and goes on.
    worker.on('error', (err) => { app.log.warn({ err }, `worker ${worker.id}: message not delivered`) })
    worker.on('message', (message: WorkerMessage) => {
      handle(worker, message).catch((err: unknown) => { app.log.error({ err }, 'a worker\'s message could not be handled') })
    })
    worker.on('exit', (code, signal) => {
      ready.delete(worker)
      for (const id of waiting.keys()) acknowledged(worker, id)
      if (closing) return
      app.log.error(`worker ${worker.id} stopped (${signal ?? `exit code ${code ?? 0}`}); starting another`)
      // One that dies at once (a bad fixture file saved since) is not restarted in a tight loop.
      setTimeout(fork, Date.now() - forkedAt < RESTART_AFTER_MS ? RESTART_AFTER_MS : 0).unref()
    })
    return worker
  }

  const listening = new Promise<string>((resolve, reject) => {
    let ready = 0
    let address = ''
    cluster.on('listening', (_worker, where) => {
      const host = where.address === '::1' || where.address === '127.0.0.1' || where.address === undefined ? (options.host ?? '127.0.0.1') : where.address
      address = `http://${host.includes(':') ? `[${host}]` : host}:${where.port}`
      if (++ready === options.workers) resolve(address)
    })
    cluster.once('exit', (worker, code) => {
      if (ready < options.workers) reject(new Error(`Worker ${worker.id} exited with code ${code} before it listened; its error is printed above.`))
    })
  })
  for (let index = 0; index < options.workers; index++) fork()
  const address = await listening

  return {
    app,
    address,
    async close () {
      closing = true
      const workers = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined)
      await Promise.all(workers.map(async (worker) => await new Promise<void>((resolve) => {
        if (worker.isDead()) { resolve(); return }
        worker.once('exit', () => { resolve() })
        // A message, not a signal: after Ctrl+C the workers already have SIGINT from the terminal, and a
        // second signal would make them exit at once instead of finishing their requests.
        if (worker.isConnected()) worker.send({ type: 'close' } satisfies PrimaryMessage)
        else worker.process.kill('SIGTERM')
      })))
      await app.close()
    }
  }
}
