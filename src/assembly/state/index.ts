/**
 * The state store `--state` names: this process's memory, or Redis (loaded only then, so a server that keeps
 * its state in memory never loads a Redis client).
 */
import type { Config } from '../../config.js'
import { createMemoryStore } from './memory.js'
import type { StateStore } from './store.js'

/**
 * @example
 * const store = await createStateStore(resolveConfig({ state: 'redis://127.0.0.1:6379' }))
 */
export async function createStateStore (config: Config): Promise<StateStore> {
  if (config.state === 'memory') return createMemoryStore(config)
  const { createRedisStore } = await import('./redis.js')
  return createRedisStore({ url: config.state, prefix: config.statePrefix ?? `billing-mocks:${config.seed}`, journalSize: config.journalSize })
}
