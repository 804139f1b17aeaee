/**
 * Reseller billing data — "Obtener todo (facturas)" (003_71f51202695df187.txt, quoted in README.md; API v1.0, a
 * Spanish machine translation). Where the upstream is silent or malformed (see README.md): the glued
 * sample arrays become one well-formed answer; Spanish keys by default, English behind
 * --billingdata-keys en; paging by page/page_size; errors are `{status: "error", message, timestamp}`.
 */
import { bearerScheme } from '../../src/auth/openapi.js'
import { defineMock } from '../../src/engine/define-mock.js'
import { toErrorResponse } from './errors.js'
import billingdataRoutes from './routes.js'
import { BillingdataFixturesSchema } from './schemas.js'
import { createBillingdataWorld } from './world.js'
import { billingdataStates } from './states.js'

export default defineMock({
  id: 'billingdata',
  openapi: {
    title: 'Reseller billing data',
    version: '1.0',
    description: 'Obtener todo (facturas): la lista de todas las facturas del revendedor. `Autorización: portador {TOKEN}` del documento traducido es `Authorization: Bearer {TOKEN}`.',
    securitySchemes: { bearer: bearerScheme() },
    tags: [{ name: 'Facturas', description: 'Facturas del revendedor' }]
  },
  fixtures: BillingdataFixturesSchema,
  generatedIds: 'Any other OAuth client acts for a generated reseller with 6 to 30 monthly invoices up to 2026-10.',
  createWorld: createBillingdataWorld,
  scenarioTag: (request, world) => request.client === null ? undefined : world.scenarioOf(request.client.id),
  emptyAnswer: (body: { page_size: number }, reply) => {
    reply.header('x-total-count', '0').removeHeader('link')
    return 'Datos' in body ? { ...body, page_size: 0, Datos: [] } : { ...body, page_size: 0, data: [] }
  },
  toErrorResponse,
  examples: [{ name: 'the first page of the reseller\'s invoices', method: 'GET', path: '/api/v1.0/billingdata', query: { page: '1', page_size: '10' } }],
  states: billingdataStates,
  routes: billingdataRoutes
})
