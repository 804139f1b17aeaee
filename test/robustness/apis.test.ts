/**
 * Property: whatever a client sends to one of the five APIs — a broken path, query, header, body or method —
 * the answer comes, is a status the API documents, in the API's own error body, never a 5xx it did not ask
 * for, and the server keeps answering normal requests afterwards (the journal of them too).
 */
import { describe, expect, it } from 'vitest'
import { bearerHeader, buildTestApp } from '../helpers/build-app.js'
import { countInputs } from './inputs.js'
import { holdsForMalformedRequests, runsPerRoute } from './property.js'
import { API_ROUTES, asInject } from './routes.js'

const RUNS = runsPerRoute(1000)
const inputs = countInputs('apis')

for (const route of API_ROUTES) {
  describe(route.name, () => {
    it(`answers ${RUNS} malformed requests with documented 4xx ${route.api} error bodies, and keeps serving`, async () => {
      const app = await buildTestApp()

      await holdsForMalformedRequests(app, route, RUNS, inputs)

      const after = await app.inject(asInject(await route.base(app)))
      const journal = await app.inject({ url: '/__admin/requests?limit=1000' })
      expect(after.statusCode).toBe(200)
      expect(journal.statusCode).toBe(200)
    }, 120_000)
  })
}

describe('regressions the properties found', () => {
  it('answers the API\'s 404 to an unknown path whatever body it carries (masstack answered an undocumented 415)', async () => {
    const app = await buildTestApp()

    const masstack = await app.inject({ method: 'PATCH', url: '/masstack//v2/orgs/telco/accounts/1/invoices', headers: { 'content-type': '' }, payload: '[]' })
    const files = await app.inject({ method: 'POST', url: '/invoice-files/api/v2/nothing', headers: { 'content-type': 'application/json' }, payload: '{' })

    expect([masstack.statusCode, masstack.json().code]).toEqual([404, 404])
    expect([files.statusCode, files.json().errorCode]).toEqual([404, 'GLOBAL_1004'])
  })

  it('answers the API\'s 400 for a path that is not valid percent-encoding (it was Fastify\'s own body)', async () => {
    const app = await buildTestApp()

    const res = await app.inject({ url: '/billingdata/api/v1.0/%%zz', headers: await bearerHeader(app) })

    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual({ status: 'error', message: expect.stringMatching(/percent-encoded/), timestamp: expect.any(String) })
  })

  it('answers an OPTIONS request that is no CORS preflight with 204 (it was a bare-text 400)', async () => {
    const app = await buildTestApp()

    const res = await app.inject({ method: 'OPTIONS', url: '/masstack/v2/orgs/telco/accounts/214748364/invoices' })

    expect(res.statusCode).toBe(204)
  })
})
