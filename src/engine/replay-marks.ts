/**
 * What a request says about replaying its answer (src/assembly/replay.ts keeps and replays answers): the
 * steps of the request pipeline and the routes mark a request here, on the ground floor, so that none of them
 * imports the replay itself. A route opts in with `config: { replay: true }`.
 */
import type { FastifyRequest } from 'fastify'

declare module 'fastify' {
  interface FastifyRequest {
    /** Wall-clock instant (epoch ms) up to which this request's answer may be replayed; 0: never. */
    replayUntil: number
    /** A value inside the answer that a replay writes fresh (`liveValue`). */
    replayLive: LiveValue | null
  }
  interface FastifyContextConfig {
    /** The route's 200 is made from the request and the API's world alone: it may be replayed. */
    replay?: boolean
  }
}

export interface LiveValue {
  /** The value as the answer has it. */
  value: string
  /** The value a replay writes in its place, now. */
  fresh: () => string
}

/**
 * Marks this request's answer as not to be replayed (something asked for a particular answer).
 * @example
 * if (concerned(request)) notReplayable(request)
 */
export function notReplayable (request: FastifyRequest): void {
  request.replayUntil = 0
}

/**
 * The answer stays right only until `until` (wall-clock epoch ms): a token's expiry, the end of a second.
 * @example
 * replayableUntil(request, check.until)
 */
export function replayableUntil (request: FastifyRequest, until: number): void {
  if (until < request.replayUntil) request.replayUntil = until
}

/**
 * `value` appears in the answer (a JSON string) and changes with time: a replay writes `fresh()` there. The
 * last occurrence of the value's JSON in the answer is taken for it: put it after the data it describes.
 * @example
 * liveValue(request, timestamp, () => responseTimestamp(config))
 */
export function liveValue (request: FastifyRequest, value: string, fresh: () => string): void {
  request.replayLive = { value, fresh }
}
