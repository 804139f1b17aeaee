/**
 * Property: the token endpoint answers every malformed token request — broken credentials, grant, query,
 * headers, body, method — with a documented 4xx in Apigee's and RFC 6749's error body, and keeps issuing
 * tokens afterwards.
 */
import { describe, expect, it } from 'vitest'
import { buildTestApp } from '../helpers/build-app.js'
import { countInputs } from './inputs.js'
import { holdsForMalformedRequests, runsPerRoute } from './property.js'
import { asInject, TOKEN_ROUTES } from './routes.js'

const RUNS = runsPerRoute(1000)
const inputs = countInputs('token-endpoint')

for (const route of TOKEN_ROUTES) {
  describe(route.name, () => {
    it(`answers ${RUNS} malformed token requests with documented 4xx OAuth error bodies, and keeps issuing tokens`, async () => {
      const app = await buildTestApp()

      await holdsForMalformedRequests(app, route, RUNS, inputs)

      const after = await app.inject(asInject(await route.base(app)))
      expect(after.statusCode).toBe(200)
      expect(after.json().access_token).toEqual(expect.any(String))
    }, 120_000)
  })
}
