import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { RouteOptions } from '../../src/engine/define-mock.js'
import { limitResponses } from '../../src/engine/limits.js'
import { mockError } from '../../src/engine/mock-error.js'
import { liveValue } from '../../src/engine/replay-marks.js'
import { serializeWith } from '../../src/engine/serializer.js'
import { BillingDataEnglishSchema, BillingDataQuerySchema, BillingDataSchema, BillingDataSpanishSchema, BillingErrorSchema, PAGING } from './schemas.js'
import { responseTimestamp } from './timestamp.js'
import type { BillingdataWorld } from './world.js'

const billingdataRoutes: FastifyPluginAsyncTypebox<RouteOptions<BillingdataWorld>> = async (app, { worldFor, config }) => {
  const english = config.billingdataKeys === 'en'

  app.get('/api/v1.0/billingdata', {
    schema: {
      operationId: 'getAllInvoices',
      summary: 'Obtener todo (facturas)',
      description: 'Obtiene una lista de todas las facturas del revendedor del token. Paged by `page` and `page_size`; the answer\'s `page_size` is the number of invoices in the page, `X-Total-Count` the total and `Link` the next/prev pages (RFC 8288). Keys: `Datos`/`éxito` by default, `data`/`success` with the server option `--billingdata-keys en`.',
      tags: ['Facturas'],
      security: [{ bearer: [] }],
      querystring: BillingDataQuerySchema,
      response: {
        200: {
          ...BillingDataSchema,
          description: 'OK',
          headers: {
            'X-Total-Count': { type: 'integer', description: 'Invoices in all pages.' },
            Link: { type: 'string', description: 'RFC 8288 links to the next and previous pages, when there are any.' }
          }
        },
        400: { ...BillingErrorSchema, description: 'Invalid paging parameters' },
        401: { ...BillingErrorSchema, description: 'No autorizado: el token no se proporciona, no es válido o ha caducado' },
        ...limitResponses(BillingErrorSchema, { body: false }),
        default: { ...BillingErrorSchema, description: 'Unexpected error' }
      }
    },
    // Both key sets are documented; this server sends one of them.
    serializerCompiler: serializeWith({ 200: english ? BillingDataEnglishSchema : BillingDataSpanishSchema })
  }, async function (request, reply) {
    const world = worldFor(request)
    if (request.client === null) throw mockError('UNAUTHORIZED')
    const { page = 1, page_size: pageSize = PAGING.defaultPageSize } = request.query
    const { invoices } = world.resellerOf(request.client.id)
    const items = invoices.slice((page - 1) * pageSize, page * pageSize)

    const path = request.routeOptions.url ?? ''
    const links = []
    if (page * pageSize < invoices.length) links.push(`<${path}?page=${page + 1}&page_size=${pageSize}>; rel="next"`)
    if (page > 1) links.push(`<${path}?page=${page - 1}&page_size=${pageSize}>; rel="prev"`)
    reply.header('x-total-count', String(invoices.length))
    if (links.length > 0) reply.header('link', links.join(', '))

    const timestamp = responseTimestamp(config)
    // The answer's moment: a replay of this answer writes the moment of the replay.
    liveValue(request, timestamp, () => responseTimestamp(config))
    return english
      ? { page_size: items.length, data: items, status: 'success', timestamp }
      : { page_size: items.length, Datos: items, status: 'éxito', timestamp }
  })
}

export default billingdataRoutes
