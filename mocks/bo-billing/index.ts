/**
 * tigo_b2b_bo_billing_v2 — bills collection, Bolivia (shared/seeds/001_d07d847a5b61e1b3.txt, version 1.0.0).
 * Where the upstream is silent (see README.md): errorBody.error is `{code, message, description}`; idType
 * is CLIENT_NUMBER; pageInit is a page number from 1, quantity 1–100 (default 10); amounts are integer
 * bolivianos; CLIENT_NUMBER 70000000–79999999 are generated customers besides the fixtures.
 */
import { defineMock } from '../../src/engine/define-mock.js'
import { clientCredentialsScheme } from '../../src/auth/openapi.js'
import { BO_BILLING_ERRORS, toErrorResponse } from './errors.js'
import boBillingRoutes from './routes.js'
import { BoFixturesSchema } from './schemas.js'
import { createBoWorld } from './world.js'

export default defineMock({
  id: 'bo-billing',
  openapi: {
    title: 'tigo_b2b_bo_billing_v2',
    version: '1.0.0',
    description: 'This is the Standard API related to Billing in Version 2 for BO. Amounts are in bolivianos (BOB).',
    securitySchemes: { application: clientCredentialsScheme('Allows read bills collection') },
    tags: [{ name: 'Bills', description: 'Bills collection of a customer\'s contract' }]
  },
  fixtures: BoFixturesSchema,
  createWorld: createBoWorld,
  errors: BO_BILLING_ERRORS,
  toErrorResponse,
  routes: boBillingRoutes
})
