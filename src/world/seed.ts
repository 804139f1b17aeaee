/**
 * Determinism by construction: every entity's randomness comes from hash(seed, api, key), never from a
 * shared sequence, so answers do not depend on request order, restarts or replicas.
 */
import { createHash } from 'node:crypto'

/**
 * A 32-bit seed for one entity of one API.
 * @example
 * entitySeed(1, 'bo-billing', 'customer:CLIENT_NUMBER:70000001') // always the same number for seed 1
 */
export function entitySeed (seed: number, api: string, key: string): number {
  return createHash('sha256').update(`${seed}\u0000${api}\u0000${key}`).digest().readUInt32BE(0)
}
