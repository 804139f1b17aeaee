/**
 * The state shared through Redis (`--state redis://…`): every process pointed at the same Redis and key
 * prefix (`--state-prefix`) sees the same activations, countdowns, scenario states and journal, and a
 * restarted process finds them where it left them. The client is node-redis (@redis/client): Redis's own
 * client, typed, maintained with the server, and without the modules of the `redis` meta-package.
 *
 * Under `<prefix>:`
 *   activations  hash   id → the activation as JSON (without its counts)
 *   order        zset   id → rank (newest highest)        rank     counter
 *   remaining    hash   id → uses left (only activations with "times")
 *   used         hash   id → requests it answered
 *   states       hash   scenario → state (absent: "Started")
 *   version      counter, one more at every change of the above
 *   journal      list   "<id> <entry as JSON>", newest first, trimmed to --journal-size   journal:seq counter
 *                (each process writes its entries every JOURNAL_EVERY_MS, in one call)
 *   changes      pub/sub channel: {kind, from, id}; each other process acknowledges on `acks`
 *
 * - Counting is atomic (Lua scripts): a countdown of N answers exactly N requests across every process, and a
 *   stateful scenario makes each transition once.
 * - Requests read a copy (`view`, a scenario registry) that each change refreshes: a request that meets no
 *   activation never waits on Redis. The process that made a change waits (a short bound) until every other
 *   process has refreshed its copy, so the next request sees it whichever process answers.
 * - Redis down: activations count as off (the copy is emptied, a warning is logged once per outage), admin
 *   changes throw StateUnavailableError (503), and everything resumes when Redis is back. No request waits on
 *   Redis longer than BOUND_MS.
 */
import { hostname } from 'node:os'
import { createClient } from '@redis/client'
import type { Catalogue } from '../../scenarios/catalogue.js'
import { ActivationLimitError, createScenarioRegistry, newActivation, type Activation, type Selected } from '../../scenarios/registry.js'
import { LIMITS } from '../../engine/limits.js'
import { ownEntry } from '../../engine/own.js'
import { STARTED, type Scenario } from '../../engine/scenario-schema.js'
import { createJournal, journalFilter, type JournalEntry } from '../journal.js'
import { StateUnavailableError, type StateLog, type StateStore } from './store.js'

/** How often a process writes the journal entries it has not written yet: one Redis call, however many requests. */
const JOURNAL_EVERY_MS = 250
/** Entries per call (Lua's unpack has a limit). */
const APPEND_CHUNK = 500
/** The longest a request or an admin call waits on Redis. */
const BOUND_MS = 500
/** How long a change waits for the other processes to refresh their copies. */
const ACK_WITHIN_MS = 1000
/** How long start-up waits for Redis before it goes on without it (and keeps trying). */
const CONNECT_WITHIN_MS = 2000

export interface RedisStoreOptions {
  url: string
  prefix: string
  journalSize: number
  /** Names this process in the journal (`replica`) and in notifications; host name and pid by default. */
  replica?: string
}

type Client = ReturnType<typeof createClient>
/** state: activations or states changed; journal: it was cleared; flush: write your journal entries now; reload: fixtures. */
interface Change { kind: 'state' | 'journal' | 'flush' | 'reload', from: string, id: string }

const ACTIVATE = `
if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[1]) then return -1 end
local rank = redis.call('INCR', KEYS[5])
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
redis.call('ZADD', KEYS[2], rank, ARGV[2])
redis.call('HSET', KEYS[4], ARGV[2], 0)
if ARGV[4] ~= '' then redis.call('HSET', KEYS[3], ARGV[2], ARGV[4]) end
return redis.call('INCR', KEYS[6])`

const REMOVE = `
local removed = 0
for _, id in ipairs(ARGV) do
  removed = removed + redis.call('HDEL', KEYS[1], id)
  redis.call('ZREM', KEYS[2], id)
  redis.call('HDEL', KEYS[3], id)
  redis.call('HDEL', KEYS[4], id)
end
if removed > 0 then redis.call('INCR', KEYS[5]) end
return removed`

/** One use of an activation: nil when it is gone, else {used, left} (left -1: no countdown; 0: it just ended). */
const USE = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return false end
local used = redis.call('HINCRBY', KEYS[4], ARGV[1], 1)
local left = -1
if redis.call('HEXISTS', KEYS[3], ARGV[1]) == 1 then
  left = redis.call('HINCRBY', KEYS[3], ARGV[1], -1)
  if left <= 0 then
    redis.call('HDEL', KEYS[1], ARGV[1])
    redis.call('ZREM', KEYS[2], ARGV[1])
    redis.call('HDEL', KEYS[3], ARGV[1])
    redis.call('HDEL', KEYS[4], ARGV[1])
    redis.call('INCR', KEYS[5])
  end
end
return {used, left}`

/** Enters a stateful scenario: answers {the state it was in, 1 when it moved}. ARGV: name, "Started", then state/next pairs. */
const ENTER = `
local current = redis.call('HGET', KEYS[1], ARGV[1]) or ARGV[2]
for i = 3, #ARGV, 2 do
  if ARGV[i] == current then
    redis.call('HSET', KEYS[1], ARGV[1], ARGV[i + 1])
    redis.call('INCR', KEYS[2])
    return {current, 1}
  end
end
return {current, 0}`

const APPEND = `
local n = #ARGV - 1
local last = redis.call('INCRBY', KEYS[2], n)
local lines = {}
for i = 2, #ARGV do lines[i - 1] = (last - n + i - 1) .. ' ' .. ARGV[i] end
redis.call('LPUSH', KEYS[1], unpack(lines))
redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[1]) - 1)
return last`

/**
 * The URL as it may be shown: the password masked.
 * @example
 * maskedUrl('redis://qa:s3cret@redis:6379/2') // 'redis://qa:***@redis:6379/2'
 */
export function maskedUrl (url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password !== '') parsed.password = '***'
    return parsed.toString()
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@')
  }
}

/**
 * @example
 * const store = createRedisStore({ url: 'redis://127.0.0.1:6379', prefix: 'billing-mocks:1', journalSize: 1000 })
 * await store.open(app.log)
 */
export function createRedisStore ({ url, prefix, journalSize, replica = `${hostname()}:${process.pid}` }: RedisStoreOptions): StateStore {
  const name = maskedUrl(url)
  const key = (suffix: string): string => `${prefix}:${suffix}`
  const ACTIVATION_KEYS = [key('activations'), key('order'), key('remaining'), key('used')]
  const CHANGES = key('changes')
  const ACKS = key('acks')
  const options = {
    url,
    // A command while disconnected fails at once rather than waiting in a queue: requests go on without it.
    disableOfflineQueue: true,
    socket: { connectTimeout: CONNECT_WITHIN_MS, reconnectStrategy: (retries: number) => Math.min(100 * (retries + 1), 2000) }
  }
  const client: Client = createClient(options)
  const subscriber: Client = createClient(options)
  const copy = createScenarioRegistry()
  const reloadListeners: Array<() => unknown> = []
  const waitingAcks = new Map<string, { left: number, done: () => void }>()
  let log: StateLog = { warn: () => {}, info: () => {} }
  let up = false
  let outageReported = false
  /** Numbers this process's notifications, for their acknowledgements. */
  let notifications = 0
  let closed = false

  const down = (cause: string): void => {
    if (up || !outageReported) {
      log.warn(`the shared state at ${name} cannot be reached (${cause}): activations count as off and admin changes answer 503 until it is back; retrying`)
      outageReported = true
    }
    up = false
    if (copy.hasActivations() || copy.snapshot().states.length > 0) copy.reset()
  }
  client.on('error', (err: Error) => { down(err.message) })
  subscriber.on('error', (err: Error) => { down(err.message) })
  client.on('ready', () => {
    if (outageReported) log.info(`the shared state at ${name} is reachable again`)
    outageReported = false
    up = true
    refresh().catch(() => {})
  })

  /** A Redis call no one waits on longer than BOUND_MS; any failure is StateUnavailableError. */
  const bounded = async <T>(call: () => Promise<T>): Promise<T> => {
    if (!client.isReady) throw new StateUnavailableError(name, 'not connected')
    let timer: NodeJS.Timeout | undefined
    try {
      return await Promise.race([call(), new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => { reject(new Error(`no answer within ${BOUND_MS} ms`)) }, BOUND_MS)
      })])
    } catch (err) {
      if (err instanceof StateUnavailableError || err instanceof ActivationLimitError) throw err
      throw new StateUnavailableError(name, (err as Error).message)
    } finally {
      clearTimeout(timer)
    }
  }
  const script = async (lua: string, keys: string[], args: Array<string | number>): Promise<unknown> =>
    await bounded(async () => await client.eval(lua, { keys, arguments: args.map(String) }))

  /** Activations as Redis holds them, newest first, with their counts. */
  const readActivations = async (): Promise<Activation[]> => {
    const [stored, order, remaining, used] = await bounded(async () => await client.multi()
      .hGetAll(key('activations')).zRange(key('order'), 0, -1).hGetAll(key('remaining')).hGetAll(key('used')).exec()) as unknown as
      [Record<string, string>, string[], Record<string, string>, Record<string, string>]
    return [...order].reverse().flatMap((id) => {
      const json = stored[id]
      if (json === undefined) return []
      const activation = JSON.parse(json) as Activation
      activation.used = Number(used[id] ?? 0)
      const left = remaining[id]
      if (left !== undefined) activation.remaining = Number(left)
      return [activation]
    })
  }
  const readStates = async (): Promise<Array<[string, string]>> =>
    Object.entries(await bounded(async () => await client.hGetAll(key('states'))))

  // Refreshes of the copy run one after another; calls while one waits share it.
  let queued: Promise<void> | undefined
  let running: Promise<void> = Promise.resolve()
  const refresh = async (): Promise<void> => {
    if (queued !== undefined) return await queued
    const next = running.then(async () => {
      queued = undefined
      const [activations, states] = await Promise.all([readActivations(), readStates()])
      copy.restore({ activations, states })
    })
    queued = next
    running = next.catch(() => {})
    await next
  }

  /** Refreshes this process's copy, then tells the others and waits (a short bound) until they have done the same. */
  const changed = async (kind: Change['kind']): Promise<void> => {
    if (kind === 'state') await refresh()
    const id = `${replica}#${++notifications}`
    const receivers = await bounded(async () => await client.publish(CHANGES, JSON.stringify({ kind, from: replica, id } satisfies Change)))
    // Our own subscriber is one of the receivers.
    const others = receivers - 1
    if (others <= 0) return
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => { waitingAcks.delete(id); resolve() }, ACK_WITHIN_MS)
      waitingAcks.set(id, { left: others, done: () => { clearTimeout(timer); waitingAcks.delete(id); resolve() } })
    })
  }
  const changedLater = (kind: Change['kind']): void => { changed(kind).catch(() => {}) }

  const onChange = async (message: string): Promise<void> => {
    const change = JSON.parse(message) as Change
    if (change.from === replica) return
    if (change.kind === 'state') await refresh().catch(() => {})
    if (change.kind === 'journal') local.clear()
    if (change.kind === 'flush') await write()
    if (change.kind === 'reload') await Promise.all(reloadListeners.map(async (listener) => { await listener() })).catch(() => {})
    await client.publish(ACKS, JSON.stringify({ id: change.id, by: replica })).catch(() => {})
  }
  const onAck = (message: string): void => {
    const { id } = JSON.parse(message) as { id: string }
    const waiting = waitingAcks.get(id)
    if (waiting !== undefined && --waiting.left <= 0) waiting.done()
  }

  const remove = async (ids: string[]): Promise<number> => {
    if (ids.length === 0) return 0
    const removed = Number(await script(REMOVE, [...ACTIVATION_KEYS, key('version')], ids))
    if (removed > 0) await changed('state')
    return removed
  }

  // The journal: each process keeps its requests in a ring of its own, as in memory (no cost per request
  // beyond that), and writes to Redis, every JOURNAL_EVERY_MS, the ones it has not written yet: at most
  // --journal-size, the newest, since no more can be shown. A read has every process write what it holds first.
  const local = createJournal(journalSize)
  let written = 0
  let writing: Promise<void> = Promise.resolve()
  const write = async (): Promise<void> => {
    writing = writing.then(async () => {
      if (!up) return
      const fresh = local.newerThan(written, journalSize)
      const newest = fresh[0]
      if (newest === undefined) return
      const lines = fresh.reverse().map(({ id: _id, ...entry }) => JSON.stringify({ ...entry, replica }))
      for (let at = 0; at < lines.length; at += APPEND_CHUNK) {
        await script(APPEND, [key('journal'), key('journal:seq')], [journalSize, ...lines.slice(at, at + APPEND_CHUNK)])
      }
      written = newest.id
    }).catch(() => {})
    await writing
  }
  let writer: NodeJS.Timeout | undefined
  /** Every process's entries, those of requests answered a moment ago included: each writes what it holds first. */
  const readJournal = async (): Promise<JournalEntry[]> => {
    await write()
    await changed('flush')
    const lines = await bounded(async () => await client.lRange(key('journal'), 0, -1))
    const entries = lines.map((line): JournalEntry => {
      const space = line.indexOf(' ')
      return { ...JSON.parse(line.slice(space + 1)) as Omit<JournalEntry, 'id'>, id: Number(line.slice(0, space)) }
    })
    // Processes write in turns: newest first by arrival.
    return entries.sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || b.id - a.id)
  }

  return {
    name,
    // The copy's version moves at each refresh: every change of activations or states, here or elsewhere.
    view: { hasActivations: copy.hasActivations, peek: copy.peek, version: copy.version, snapshot: copy.snapshot },
    journal: {
      capacity: journalSize,
      record: local.record,
      describeWith: local.describeWith,
      list: async (filter = {}, limit = Number.POSITIVE_INFINITY) => {
        const test = journalFilter(filter)
        return (await readJournal()).filter(test).slice(0, limit)
      },
      count: async (filter = {}) => {
        const test = journalFilter(filter)
        return (await readJournal()).filter(test).length
      },
      async clear () {
        await bounded(async () => await client.del(key('journal')))
        local.clear()
        written = 0
        await changed('journal')
      },
      generation: local.generation
    },
    async activate (request, catalogue) {
      const activation = newActivation(request, catalogue)
      const { used: _used, remaining, ...stored } = activation
      const result = Number(await script(ACTIVATE, [...ACTIVATION_KEYS, key('rank'), key('version')], [LIMITS.activations, activation.id, JSON.stringify(stored), remaining ?? '']))
      if (result < 0) throw new ActivationLimitError()
      await changed('state')
      return activation
    },
    deactivate: async (id) => await remove([id]) > 0,
    deactivateScenario: async (scenario) => await remove((await readActivations()).filter((activation) => activation.scenario === scenario).map((activation) => activation.id)),
    async deactivateAll () { await remove((await readActivations()).map((activation) => activation.id)) },
    activations: readActivations,
    stateOf: async (scenario) => await bounded(async () => await client.hGet(key('states'), scenario)) ?? STARTED,
    async setState (scenario, state) {
      if (ownEntry(scenario.states, state) === undefined) {
        throw new Error(`Scenario "${scenario.name}" has no state "${state}"; its states: ${Object.keys(scenario.states ?? {}).join(', ') || 'none (it is not stateful)'}.`)
      }
      await bounded(async () => await client.multi().hSet(key('states'), scenario.name, state).incr(key('version')).exec())
      await changed('state')
    },
    async take (facts, catalogue) {
      if (!up) return undefined
      for (const { activation, scenario } of [...copy.applicable(facts, catalogue)]) {
        let use: [number, number] | null
        try {
          use = await script(USE, [...ACTIVATION_KEYS, key('version')], [activation.id]) as [number, number] | null
        } catch {
          // Redis went away mid-request: as if no activation were on.
          return undefined
        }
        // Used up or switched off by another process since this copy was made.
        if (use === null) continue
        if (use[1] === 0) changedLater('state')
        return { ...await enter(scenario), activation: activation.id }
      }
      return undefined
    },
    enter: async (scenario) => await enter(scenario),
    async resetScenarios () {
      await bounded(async () => await client.multi().del([...ACTIVATION_KEYS, key('states')]).incr(key('version')).exec())
      await changed('state')
    },
    async reloaded (catalogue) {
      try {
        const changes = await prune(catalogue)
        await changed('state')
        await changed('reload')
        return changes
      } catch (err) {
        if (!(err instanceof StateUnavailableError)) throw err
        return [`${err.message} The other processes sharing it were not told to reload.`]
      }
    },
    onReloadElsewhere (listener) { reloadListeners.push(listener) },
    async open (logger) {
      log = logger
      writer = setInterval(() => { write().catch(() => {}) }, JOURNAL_EVERY_MS).unref()
      await Promise.race([
        (async () => {
          await Promise.all([client.connect(), subscriber.connect()])
          await subscriber.subscribe(CHANGES, (message) => { onChange(message).catch(() => {}) })
          await subscriber.subscribe(ACKS, onAck)
          await refresh()
        })(),
        new Promise((resolve) => setTimeout(resolve, CONNECT_WITHIN_MS).unref())
      ]).catch((err: unknown) => { down((err as Error).message) })
      if (!client.isReady) down('no connection within 2 s')
    },
    async close () {
      if (closed) return
      closed = true
      clearInterval(writer)
      await write()
      for (const connection of [subscriber, client]) {
        if (connection.isReady) await connection.close().catch(() => { connection.destroy() })
        else if (connection.isOpen) connection.destroy()
      }
    }
  }

  /** The outcome of a scenario now, moving a stateful one once across every process. */
  async function enter (scenario: Scenario): Promise<Selected> {
    if (scenario.states === undefined || !up) return copy.peek(scenario)
    const transitions = Object.entries(scenario.states).flatMap(([state, outcome]) => outcome.next === undefined ? [] : [state, outcome.next])
    let answer: [string, number]
    try {
      answer = await script(ENTER, [key('states'), key('version')], [scenario.name, STARTED, ...transitions]) as [string, number]
    } catch {
      return copy.peek(scenario)
    }
    const [state, moved] = answer
    if (moved === 1) changedLater('state')
    return { scenario, outcome: ownEntry(scenario.states, state) ?? {}, state }
  }

  /** Drops what new fixtures no longer support (as the registry's prune does), in Redis. */
  async function prune (catalogue: Catalogue): Promise<string[]> {
    const gone = (await readActivations()).filter((activation) => activation.outcome === undefined && !catalogue.knows(activation.scenario))
    await remove(gone.map((activation) => activation.id))
    const changes = gone.map((activation) => `activation ${activation.id} of "${activation.scenario}" switched off: the fixtures no longer define it`)
    for (const [scenario, state] of await readStates()) {
      if (ownEntry(catalogue.named.get(scenario)?.states, state) === undefined) {
        await bounded(async () => await client.hDel(key('states'), scenario))
        changes.push(`scenario "${scenario}" back in "${STARTED}": state "${state}" is gone`)
      }
    }
    return changes
  }
}
