import { now, type Config } from '../../src/config.js'

/** The last instant written and its text: answers within the same millisecond share it. */
let last = { at: Number.NaN, text: '' }

/**
 * The answer's moment as the upstream sample writes it: seven fraction digits, UTC ("…10:00:00.2890319Z").
 * @example
 * responseTimestamp(config) // '2026-11-21T09:30:00.1230000Z'
 */
export function responseTimestamp (config: Config): string {
  const at = config.clock === undefined ? Date.now() : now(config).getTime()
  // toISOString always ends in ".mmmZ": four more digits before the Z.
  if (at !== last.at) last = { at, text: `${new Date(at).toISOString().slice(0, -1)}0000Z` }
  return last.text
}
