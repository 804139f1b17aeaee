/**
 * Reseller billing data — "Obtener todo (facturas)" (shared/seeds/003_71f51202695df187.txt, API v1.0, a
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
  createWorld: createBillingdataWorld,
  toErrorResponse,
  routes: billingdataRoutes
})
