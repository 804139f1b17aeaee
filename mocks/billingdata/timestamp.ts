import { now, type Config } from '../../src/config.js'

/**
 * The answer's moment as the upstream sample writes it: seven fraction digits, UTC ("…10:00:00.2890319Z").
 * @example
 * responseTimestamp(config) // '2026-11-21T09:30:00.1230000Z'
 */
export function responseTimestamp (config: Config): string {
  return now(config).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z')
}
