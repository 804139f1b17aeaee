/**
 * tigo_b2b_hn_billing_v2 — invoice download, Honduras (000_11bdf90203667fa5.txt, quoted in README.md; version 2.0.0).
 * Where the upstream is silent (see README.md): `type` is SUMMARY or DETAIL, `typeResult` PDF or XML (UBL
 * 2.1 e-invoice); errorBody.error is `{code, message, description}`; MSISDNs 50499000000–50499999999 are
 * generated customers besides the fixtures.
 */
import { clientCredentialsScheme } from '../../src/auth/openapi.js'
import { defineMock } from '../../src/engine/define-mock.js'
import { HN_BILLING_ERRORS, toErrorResponse } from './errors.js'
import hnBillingRoutes from './routes.js'
import { HnFixturesSchema } from './schemas.js'
import { createHnWorld } from './world.js'
import { hnBillingStates } from './states.js'

export default defineMock({
  id: 'hn-billing',
  openapi: {
    title: 'tigo_b2b_hn_billing_v2',
    version: '2.0.0',
    description: 'Api that is in charge of making the downloads of the invoices in pdf format. Amounts in lempiras (HNL), ISV 15 %.',
    securitySchemes: { application: clientCredentialsScheme('customer bills') },
    tags: [{ name: 'Invoices', description: 'Invoice files' }]
  },
  fixtures: HnFixturesSchema,
  generatedIds: 'Any MSISDN from 50499000000 to 50499999999: twelve monthly invoices 2025-11 … 2026-10, numbered 000-001-01-<yymm><last 4 digits of the MSISDN>, issued on the 1st.',
  createWorld: createHnWorld,
  scenarioTag: (request, world) => world.scenarioOf((request.params as { msisdn: string }).msisdn),
  errors: HN_BILLING_ERRORS,
  toErrorResponse,
  examples: [{ name: 'the SUMMARY PDF of invoice 000-001-01-00012345', method: 'POST', path: '/customers/50499990001/invoices', query: { invoiceNumber: '000-001-01-00012345', invoiceDate: '2026-10-01', type: 'SUMMARY', typeResult: 'PDF' } }],
  states: hnBillingStates,
  routes: hnBillingRoutes
})
