/**
 * Property: every admin route answers malformed requests with a documented 4xx `{error, message}` body, and
 * the admin API and the APIs keep working afterwards.
 */
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app.js'
import { countInputs } from './inputs.js'
import { holdsForMalformedRequests, runsPerRoute } from './property.js'
import { ADMIN_ROUTES } from './routes.js'

const RUNS = runsPerRoute(120)
const inputs = countInputs('admin')

// One server for every admin route: what one route's inputs switch on, the next route's inputs meet.
let app: FastifyInstance
beforeAll(async () => { app = await buildApp({ logLevel: 'silent' }) })
afterAll(async () => { await app.close() })

for (const route of ADMIN_ROUTES) {
  describe(route.name, () => {
    it(`answers ${RUNS} malformed requests with documented 4xx admin error bodies, and keeps serving`, async () => {
      await holdsForMalformedRequests(app, route, RUNS, inputs)

      // Generated bodies may have switched a scenario on: reset, then the admin API and an API answer as usual.
      const reset = await app.inject({ method: 'POST', url: '/__admin/reset' })
      const scenarios = await app.inject({ url: '/__admin/scenarios' })
      const invoices = await app.inject({ url: '/masstack/v2/orgs/telco/accounts/214748364/invoices', headers: { 'x-auth-roles': 'API_KEY' } })
      expect([reset.statusCode, scenarios.statusCode, invoices.statusCode]).toEqual([204, 200, 200])
    }, 120_000)
  })
}
