/**
 * tigo_b2b_bo_billing_v2 — bills collection, Bolivia (001_d07d847a5b61e1b3.txt, quoted in README.md; version 1.0.0).
 * Where the upstream is silent (see README.md): errorBody.error is `{code, message, description}`; idType
 * is CLIENT_NUMBER; pageInit is a page number from 1, quantity 1–100 (default 10); amounts are integer
 * bolivianos; CLIENT_NUMBER 70000000–79999999 are generated customers besides the fixtures.
 */
import { defineMock } from '../../src/engine/define-mock.js'
import { clientCredentialsScheme } from '../../src/auth/openapi.js'
import { BO_BILLING_ERRORS, toErrorResponse } from './errors.js'
import boBillingRoutes from './routes.js'
import { BoFixturesSchema, type BillsCollection } from './schemas.js'
import { createBoWorld } from './world.js'
import { boBillingStates } from './states.js'

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
  generatedIds: 'idType CLIENT_NUMBER with any id from 70000000 to 79999999: one contract, number 80000000 + (id − 70000000), with 6 to 24 monthly bills.',
  createWorld: createBoWorld,
  scenarioTag: (request, world) => {
    const { idType, id } = request.params as { idType: string, id: number }
    return world.scenarioOf(idType, id)
  },
  emptyAnswer: (body: BillsCollection) => ({ ...body, invoiceCollection: [] }),
  errors: BO_BILLING_ERRORS,
  toErrorResponse,
  examples: [{ name: 'the bills of contract 80000001', method: 'GET', path: '/customers/CLIENT_NUMBER/70000001/bills', query: { contractNumber: '80000001' } }],
  states: boBillingStates,
  routes: boBillingRoutes
})
