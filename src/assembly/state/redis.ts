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
 *   journal      list   "<id> <entry as JSON>", newest first, trimmed to --journal-size   journal:seq counter
 *                (each process writes its entries every JOURNAL_EVERY_MS, in one call)
 *   journal:generation  counter, one more at each clear: entries kept from before it are not written
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
import { ActivationLimitError, checkState, createScenarioRegistry, newActivation, outdated, type Activation, type Selected } from '../../scenarios/registry.js'
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
/** TAKE's answer: used, left, the state the scenario was in, 1 when it moved. */
type Taken = [number, number, string, number]
/** state: activations or states changed; journal: it was cleared; flush: write your journal entries now; reload: fixtures. */
interface Change { kind: 'state' | 'journal' | 'flush' | 'reload', from: string, id: string }

// KEYS of the activation scripts: activations, order, remaining, used, rank, states.

/** Switches an activation on unless ARGV[1] are on already (-1). ARGV: limit, id, the activation as JSON, times or "". */
const ACTIVATE = `
if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[1]) then return -1 end
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[5]), ARGV[2])
redis.call('HSET', KEYS[4], ARGV[2], 0)
if ARGV[4] ~= '' then redis.call('HSET', KEYS[3], ARGV[2], ARGV[4]) end
return 1`

/** Lua: switches activation `id` off (its JSON, rank and counts); 1 when it was on. */
const DROP = `
local function drop (id)
  redis.call('ZREM', KEYS[2], id)
  redis.call('HDEL', KEYS[3], id)
  redis.call('HDEL', KEYS[4], id)
  return redis.call('HDEL', KEYS[1], id)
end`

/** Switches off the activations ARGV; how many were on. */
const REMOVE = `${DROP}
local removed = 0
for _, id in ipairs(ARGV) do removed = removed + drop(id) end
return removed`

/**
 * One use of activation ARGV[1] (none when it is ""), and the entry into a stateful scenario (ARGV[2]: its
 * name, ARGV[3]: "Started", then its state/next pairs), at once. nil when the activation is gone, else {used,
 * left, state, moved}: left -1 without a countdown, 0 when this use ended it; moved 1 when the state moved.
 */
const TAKE = `${DROP}
local used, left = 0, -1
if ARGV[1] ~= '' then
  if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return false end
  used = redis.call('HINCRBY', KEYS[4], ARGV[1], 1)
  if redis.call('HEXISTS', KEYS[3], ARGV[1]) == 1 then
    left = redis.call('HINCRBY', KEYS[3], ARGV[1], -1)
    if left <= 0 then drop(ARGV[1]) end
  end
end
local state, moved = '', 0
if ARGV[2] ~= nil then
  state = redis.call('HGET', KEYS[6], ARGV[2]) or ARGV[3]
  for i = 4, #ARGV, 2 do
    if ARGV[i] == state then
      redis.call('HSET', KEYS[6], ARGV[2], ARGV[i + 1])
      moved = 1
      break
    end
  end
end
return {used, left, state, moved}`

/**
 * Takes back a TAKE whose answer came after the request had been answered without it: the use goes back on
 * the countdown (an activation it ended comes back with one use), the scenario back to its state. ARGV:
 * id or "", the activation as JSON, left, then for a moved scenario its name, the state it was in and the
 * one it moved to.
 */
const UNTAKE = `
local left = tonumber(ARGV[3])
if ARGV[1] == '' then
elseif left == 0 then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[5]), ARGV[1])
  redis.call('HSET', KEYS[3], ARGV[1], 1)
  redis.call('HSET', KEYS[4], ARGV[1], 0)
elseif redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then
  if left > 0 then redis.call('HINCRBY', KEYS[3], ARGV[1], 1) end
  redis.call('HINCRBY', KEYS[4], ARGV[1], -1)
end
if ARGV[4] ~= nil and redis.call('HGET', KEYS[6], ARGV[4]) == ARGV[6] then
  redis.call('HSET', KEYS[6], ARGV[4], ARGV[5])
end
return 0`

/**
 * Appends entries written in journal generation ARGV[2] (none once the journal has been cleared since),
 * each under the next id, and trims the list to ARGV[1]. KEYS: journal, journal:seq, journal:generation.
 */
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

/** An activation as Redis keeps it: its counts live in hashes of their own. */
function withoutCounts ({ used: _used, remaining: _remaining, ...stored }: Activation): Omit<Activation, 'used' | 'remaining'> {
  return stored
}

function nextOf (scenario: Scenario, state: string): string {
  return ownEntry(scenario.states, state)?.next ?? state
}

/** No answer from Redis within the bound. */
class LateAnswer extends Error {
  constructor (ms: number) {
    super(`no answer within ${ms} ms`)
  }
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
      timer = setTimeout(() => { timedOut = true; reject(new LateAnswer(ms)) }, Math.max(0, ms))
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
  /** The KEYS of every activation script, in their order. */
  const ACTIVATION_KEYS = [key('activations'), key('order'), key('remaining'), key('used'), key('rank'), key('states')]
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
    if (up) copy.reset()
    up = false
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
    try {
      return await settleLate(call(), BOUND_MS, () => {})
    } catch (err) {
      const late = err instanceof LateAnswer ? ', so whether it was made is not known: read it back' : ''
      throw new StateUnavailableError(name, `${(err as Error).message}${late}`)
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
    const removed = Number(await script(REMOVE, ACTIVATION_KEYS, ids))
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
    // The copy's version moves at each refresh: every change of activations or states, here or elsewhere.
    view: { hasActivations: copy.hasActivations, peek: copy.peek, version: copy.version, snapshot: copy.snapshot },
    journal: {
      capacity: journalSize,
      record: local.record,
      describeWith: local.describeWith,
      page: async (filter = {}, limit = Number.POSITIVE_INFINITY) => {
        const matching = (await readJournal()).filter(journalFilter(filter))
        return { requests: matching.slice(0, limit), total: matching.length }
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
      const result = Number(await script(ACTIVATE, ACTIVATION_KEYS, [LIMITS.activations, activation.id, JSON.stringify(withoutCounts(activation)), activation.remaining ?? '']))
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
      checkState(scenario, state)
      await bounded(async () => await client.hSet(key('states'), scenario.name, state))
      await changed('state')
    },
    async take (facts, catalogue) {
      if (!up) return undefined
      // One bound for the whole request, however many candidates turn out used up elsewhere.
      const deadline = Date.now() + BOUND_MS
      for (const { activation, scenario } of [...copy.applicable(facts, catalogue)]) {
        if (Date.now() >= deadline) return undefined
        try {
          // null: used up or switched off by another process since this copy was made.
          const selected = await takeOnce(activation, scenario, deadline - Date.now())
          if (selected !== null) return selected
        } catch {
          // Redis slow or gone mid-request: as if no activation were on.
          return undefined
        }
      }
      return undefined
    },
    async enter (scenario) {
      if (scenario.states === undefined || !up) return copy.peek(scenario)
      return await takeOnce(undefined, scenario, BOUND_MS).catch(() => null) ?? copy.peek(scenario)
    },
    async resetScenarios () {
      await bounded(async () => await client.del(ACTIVATION_KEYS.filter((name) => name !== key('rank'))))
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

  /**
   * One TAKE: a use of `activation` (none for a scenario a header or a fixture tag names) and the entry into
   * its scenario, once across every process. null when the activation is gone; a rejection past `ms`, and a
   * TAKE that Redis still makes after that is taken back (UNTAKE), since the request did not get it.
   */
  async function takeOnce (activation: Activation | undefined, scenario: Scenario, ms: number): Promise<Selected | null> {
    const id = activation?.id ?? ''
    const entering = scenario.states === undefined ? [] : [scenario.name, STARTED, ...transitionsOf(scenario)]
    const taken = await settleLate(client.eval(TAKE, { keys: ACTIVATION_KEYS, arguments: [id, ...entering] }) as Promise<Taken | null>, ms, (late) => {
      if (late === null) return
      const [, left, state, moved] = late
      const untake = [id, activation === undefined ? '' : JSON.stringify(withoutCounts(activation)), String(left), ...(moved === 1 ? [scenario.name, state, nextOf(scenario, state)] : [])]
      client.eval(UNTAKE, { keys: ACTIVATION_KEYS, arguments: untake }).then(() => { changedLater('state') }, () => {})
    })
    if (taken === null) return null
    const [, left, state, moved] = taken
    if (left === 0 || moved === 1) changedLater('state')
    const selected: Selected = scenario.states === undefined ? { scenario, outcome: scenario } : { scenario, outcome: ownEntry(scenario.states, state) ?? {}, state }
    return activation === undefined ? selected : { ...selected, activation: activation.id }
  }

  /** Drops what new fixtures no longer support (the registry's `outdated`), in Redis. */
  async function prune (catalogue: Catalogue): Promise<string[]> {
    const unsupported = outdated(catalogue, await readActivations(), await readStates())
    // reloaded() tells the others once, after this.
    if (unsupported.activations.length > 0) await script(REMOVE, ACTIVATION_KEYS, unsupported.activations.map((activation) => activation.id))
    if (unsupported.states.length > 0) await bounded(async () => await client.hDel(key('states'), unsupported.states))
    return unsupported.changes
  }
}
