/**
 * The one property every route is held to (oracle.ts), run over generated malformed requests (fuzz.ts).
 */
import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import type { InputCounter } from './inputs.js'
import { applyMutation, mutations } from './fuzz.js'
import { createOracle } from './oracle.js'
import type { RouteUnderTest } from './routes.js'

/**
 * Generated inputs per route; `ROBUSTNESS_RUNS=5000 npx vitest run test/robustness` hunts longer.
 * @example
 * const runs = runsPerRoute(400)
 */
export function runsPerRoute (fallback: number): number {
  const runs = Number(process.env.ROBUSTNESS_RUNS ?? fallback)
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`ROBUSTNESS_RUNS must be a positive integer, got "${process.env.ROBUSTNESS_RUNS ?? ''}".`)
  return runs
}

/**
 * Sends `runs` malformed variants of the route's request to the app, each checked by the oracle. A failure
 * prints fast-check's seed: `ROBUSTNESS_SEED=<seed>` replays the same inputs.
 * @example
 * await holdsForMalformedRequests(app, route, 400, inputs)
 */
export async function holdsForMalformedRequests (app: FastifyInstance, route: RouteUnderTest, runs: number, inputs: InputCounter): Promise<void> {
  const base = await route.base(app)
  const oracle = await createOracle(app, route.api, route.owns)
  await fc.assert(fc.asyncProperty(mutations(base), async (mutation) => {
    inputs.count(route.name)
    await oracle.check(applyMutation(base, mutation))
  }), { numRuns: runs, ...(process.env.ROBUSTNESS_SEED === undefined ? {} : { seed: Number(process.env.ROBUSTNESS_SEED) }) })
}
