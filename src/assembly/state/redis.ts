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

/**
 * One use of an activation, and the entry into its scenario, at once: nil when the activation is gone, else
 * {used, left, state, moved} (left -1: no countdown; 0: it just ended). ARGV: id, then for a stateful
 * scenario its name, "Started" and its state/next pairs.
 */
const TAKE = `
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
local state = ''
local moved = 0
if ARGV[2] ~= nil then
  state = redis.call('HGET', KEYS[6], ARGV[2]) or ARGV[3]
  for i = 4, #ARGV, 2 do
    if ARGV[i] == state then
      redis.call('HSET', KEYS[6], ARGV[2], ARGV[i + 1])
      redis.call('INCR', KEYS[5])
      moved = 1
      break
    end
  end
end
return {used, left, state, moved}`

/**
 * Takes back a TAKE whose answer came too late (the request had already been answered without it): the use
 * goes back on the countdown (an activation it ended comes back with one use), the scenario back to its
 * state. ARGV: id, the activation as JSON, left, and for a stateful scenario its name, the state it was in
 * and the one it moved to.
 */
const UNTAKE = `
local left = tonumber(ARGV[3])
if left == 0 then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[7]), ARGV[1])
  redis.call('HSET', KEYS[3], ARGV[1], 1)
  redis.call('HSET', KEYS[4], ARGV[1], 0)
elseif redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then
  if left > 0 then redis.call('HINCRBY', KEYS[3], ARGV[1], 1) end
  redis.call('HINCRBY', KEYS[4], ARGV[1], -1)
end
if ARGV[4] ~= nil and ARGV[6] ~= nil and redis.call('HGET', KEYS[6], ARGV[4]) == ARGV[6] then
  redis.call('HSET', KEYS[6], ARGV[4], ARGV[5])
end
return redis.call('INCR', KEYS[5])`

/** Enters a stateful scenario: answers {the state it was in, 1 when it moved}. ARGV: name, "Started", then state/next pairs. */
// A late answer (after BOUND_MS) is taken back with UNENTER: ARGV: name, the state it was in, the one it moved to.
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

/** Appends entries written in journal generation ARGV[2]; none once the journal has been cleared since. */
const UNENTER = `
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[3] then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  redis.call('INCR', KEYS[2])
end
return 0`

const APPEND = `
if (redis.call('GET', KEYS[3]) or '0') ~= ARGV[2] then return 0 end
local n = #ARGV - 2
local last = redis.call('INCRBY', KEYS[2], n)
local lines = {}
for i = 3, #ARGV do lines[i - 2] = (last - n + i - 2) .. ' ' .. ARGV[i] end
redis.call('LPUSH', KEYS[1], unpack(lines))
redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[1]) - 1)
return last`

/** A stateful scenario's transitions as Lua takes them: state, next, state, next… */
function transitionsOf (scenario: Scenario): string[] {
  return Object.entries(scenario.states ?? {}).flatMap(([state, outcome]) => outcome.next === undefined ? [] : [state, outcome.next])
}

function nextOf (scenario: Scenario, state: string): string {
  return ownEntry(scenario.states, state)?.next ?? state
}

/**
 * A Redis call's answer within `ms`, else a rejection; a call that still completes after that is handed to
 * `late`, to undo what the request did not get to use (a timeout cannot stop a script Redis has queued).
 */
async function settleLate<T> (call: Promise<T>, ms: number, late: (value: T) => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  let timedOut = false
  call.then((value) => { if (timedOut) late(value) }, () => {})
  try {
    return await Promise.race([call, new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => { timedOut = true; reject(new Error(`no answer within ${ms} ms`)) }, Math.max(0, ms))
    })])
  } finally {
    clearTimeout(timer)
  }
}

/** A notification's JSON, or undefined for anything else on the channel (never a throw in the subscriber). */
function parsed<T> (message: string): T | undefined {
  try {
    return JSON.parse(message) as T
  } catch {
    return undefined
  }
}

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
  /** Changes of this process waiting for the others' acknowledgements: `done` counts one. */
  const waitingAcks = new Map<string, () => void>()
  let log: StateLog = { warn: () => {}, info: () => {} }
  let up = false
  let outageReported = false
  /** Numbers this process's notifications, for their acknowledgements. */
  let notifications = 0
  let closed = false

  const down = (cause: string): void => {
    if (!outageReported) {
      log.warn(`the shared state at ${name} cannot be reached (${cause}): activations count as off and admin changes answer 503 until it is back; retrying`)
      outageReported = true
    }
    up = false
    if (copy.hasActivations() || copy.snapshot().states.length > 0) copy.reset()
  }
  // Up only while both connections are: without notifications the copy could go stale unnoticed.
  const back = (): void => {
    if (!client.isReady || !subscriber.isReady) return
    if (outageReported) log.info(`the shared state at ${name} is reachable again`)
    outageReported = false
    up = true
    // Whatever changed while this process could not hear of it.
    refreshUntilDone()
    readGeneration().catch(() => {})
  }
  for (const connection of [client, subscriber]) {
    connection.on('error', (err: Error) => { down(err.message) })
    connection.on('ready', back)
  }

  /** A Redis call no one waits on longer than BOUND_MS; any failure is StateUnavailableError. */
  const bounded = async <T>(call: () => Promise<T>): Promise<T> => {
    if (!client.isReady) throw new StateUnavailableError(name, 'not connected')
    let timer: NodeJS.Timeout | undefined
    try {
      return await Promise.race([call(), new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => { reject(new Error(`no answer within ${BOUND_MS} ms, so whether it was made is not known: read it back`)) }, BOUND_MS)
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

  /** A refresh that failed (Redis slow or gone a moment) is tried again until one succeeds or Redis is down. */
  let retrying: NodeJS.Timeout | undefined
  const refreshUntilDone = (): void => {
    clearTimeout(retrying)
    refresh().catch(() => { if (up && !closed) retrying = setTimeout(refreshUntilDone, BOUND_MS).unref() })
  }

  /** Refreshes this process's copy, then tells the others and waits (a short bound) until they have done the same. */
  // The change itself is made by then: telling the others is best effort, and a failure here does not make the
  // change look undone (a replica that misses it catches up at its next refresh).
  const changed = async (kind: Change['kind']): Promise<void> => {
    if (kind === 'state') await refresh().catch(() => { refreshUntilDone() })
    const id = `${replica}#${++notifications}`
    // Waiting before publishing: an acknowledgement may come back before PUBLISH's own answer does.
    let acks = 0
    let expected = Number.POSITIVE_INFINITY
    let done = (): void => {}
    const acknowledged = new Promise<void>((resolve) => {
      const timer = setTimeout(() => { waitingAcks.delete(id); resolve() }, ACK_WITHIN_MS)
      done = () => { clearTimeout(timer); waitingAcks.delete(id); resolve() }
    })
    waitingAcks.set(id, () => { if (++acks >= expected) done() })
    try {
      const receivers = await bounded(async () => await client.publish(CHANGES, JSON.stringify({ kind, from: replica, id } satisfies Change)))
      // Our own subscriber is one of the receivers.
      expected = receivers - 1
      if (acks >= expected) done()
    } catch {
      done()
    }
    await acknowledged
  }
  const changedLater = (kind: Change['kind']): void => { changed(kind).catch(() => {}) }

  const onChange = async (message: string): Promise<void> => {
    const change = parsed<Change>(message)
    if (change === undefined || change.from === replica) return
    if (change.kind === 'state') {
      try {
        await refresh()
      } catch {
        // Not refreshed: no acknowledgement (the changer stops waiting after ACK_WITHIN_MS), and try again.
        refreshUntilDone()
        return
      }
    }
    if (change.kind === 'journal') await journalCleared()
    if (change.kind === 'flush') await write()
    if (change.kind === 'reload') await Promise.all(reloadListeners.map(async (listener) => { await listener() })).catch(() => {})
    await client.publish(ACKS, JSON.stringify({ id: change.id, by: replica })).catch(() => {})
  }
  const onAck = (message: string): void => {
    const id = parsed<{ id: string }>(message)?.id
    if (id !== undefined) waitingAcks.get(id)?.()
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
        await script(APPEND, [key('journal'), key('journal:seq'), key('journal:generation')], [journalSize, journalGeneration, ...lines.slice(at, at + APPEND_CHUNK)])
      }
      written = newest.id
    }).catch(() => {})
    await writing
  }
  let writer: NodeJS.Timeout | undefined
  /**
   * The journal's generation in Redis, one more at each clear: entries this process kept before a clear are
   * not written after it, even when its writer runs before it has heard of the clear.
   */
  let journalGeneration = '0'
  const readGeneration = async (): Promise<void> => {
    journalGeneration = await bounded(async () => await client.get(key('journal:generation'))) ?? '0'
  }
  const journalCleared = async (): Promise<void> => {
    local.clear()
    await readGeneration()
  }
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
        const [generation] = await bounded(async () => await client.multi().incr(key('journal:generation')).del(key('journal')).exec()) as unknown as [number]
        local.clear()
        journalGeneration = String(generation)
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
      // One bound for the whole request, however many candidates turn out used up elsewhere.
      const deadline = Date.now() + BOUND_MS
      for (const { activation, scenario } of [...copy.applicable(facts, catalogue)]) {
        if (Date.now() >= deadline) return undefined
        const entering = scenario.states === undefined ? [] : [scenario.name, STARTED, ...transitionsOf(scenario)]
        const keys = [...ACTIVATION_KEYS, key('version'), key('states'), key('rank')]
        let taken: [number, number, string, number] | null
        try {
          taken = await settleLate(
            client.eval(TAKE, { keys, arguments: [activation.id, ...entering] }) as Promise<[number, number, string, number] | null>,
            deadline - Date.now(),
            // Applied after the request was answered without it: give it back.
            (late) => {
              if (late === null) return
              const { used: _used, remaining: _remaining, ...stored } = activation
              const [, left, state, moved] = late
              const untake = [activation.id, JSON.stringify(stored), String(left), ...(moved === 1 ? [scenario.name, state, nextOf(scenario, state)] : [])]
              client.eval(UNTAKE, { keys, arguments: untake }).then(() => { changedLater('state') }, () => {})
            })
        } catch {
          // Redis slow or gone mid-request: as if no activation were on.
          return undefined
        }
        // Used up or switched off by another process since this copy was made.
        if (taken === null) continue
        const [, left, state, moved] = taken
        if (left === 0 || moved === 1) changedLater('state')
        if (scenario.states === undefined) return { scenario, outcome: scenario, activation: activation.id }
        return { scenario, outcome: ownEntry(scenario.states, state) ?? {}, state, activation: activation.id }
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
          await Promise.all([refresh(), readGeneration()])
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
    const keys = [key('states'), key('version')]
    let answer: [string, number]
    try {
      answer = await settleLate(
        client.eval(ENTER, { keys, arguments: [scenario.name, STARTED, ...transitionsOf(scenario)] }) as Promise<[string, number]>,
        BOUND_MS,
        ([state, moved]) => {
          if (moved === 1) client.eval(UNENTER, { keys, arguments: [scenario.name, state, nextOf(scenario, state)] }).then(() => { changedLater('state') }, () => {})
        })
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
