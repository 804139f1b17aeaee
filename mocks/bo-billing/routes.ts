import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { RouteOptions } from '../../src/engine/define-mock.js'
import { limitResponses } from '../../src/engine/limits.js'
import { mockError } from '../../src/engine/mock-error.js'
import { answerCache } from '../../src/world/cache.js'
import { BillsCollectionSchema, BillsParamsSchema, BillsQuerySchema, ErrorBodySchema, PAGING } from './schemas.js'
import type { BillsCollection } from './schemas.js'
import type { BoWorld } from './world.js'

const boBillingRoutes: FastifyPluginAsyncTypebox<RouteOptions<BoWorld>> = async (app, { worldFor }) => {
  const answers = answerCache<BillsCollection>(500)
  app.get('/customers/:idType/:id/bills', {
    schema: {
      operationId: 'getCustomerBills',
      summary: 'Find the Customers Bills Collection by the Client Number',
      description: 'This resource returns Bills Collection optionally can be filtered by the Contract Number. Bills are newest first; `pageInit` is the page (from 1) and `quantity` its size. A page past the last bill has an empty invoiceCollection.',
      tags: ['Bills'],
      security: [{ application: ['read'] }],
      params: BillsParamsSchema,
      querystring: BillsQuerySchema,
      response: {
        200: { ...BillsCollectionSchema, description: 'Successful response' },
        400: { ...ErrorBodySchema, description: 'Bad Request.' },
        401: { ...ErrorBodySchema, description: 'Unauthorized.' },
        404: { ...ErrorBodySchema, description: 'Not Found.' },
        ...limitResponses(ErrorBodySchema, { body: false }),
        default: { ...ErrorBodySchema, description: 'Unhandled resource' }
      }
    },
  }, async function (request) {
    const world = worldFor(request)
    const { idType, id } = request.params
    const { contractNumber, pageInit = PAGING.defaultPageInit, quantity = PAGING.defaultQuantity } = request.query
    const lookup = world.contract(idType, id, contractNumber)
    if (!lookup.found) {
      throw lookup.missing === 'customer'
        ? mockError('CUSTOMER_NOT_FOUND', { message: `No customer with ${idType} ${id}.` })
        : mockError('CONTRACT_NOT_FOUND', { message: `Customer ${idType} ${id} has no contract ${contractNumber}.` })
    }

    const { collection } = lookup
    return answers(world, `${idType}/${id}/${contractNumber}/${pageInit}/${quantity}`, () => {
      const first = (pageInit - 1) * quantity
      return { ...collection, invoiceCollection: collection.invoiceCollection.slice(first, first + quantity) }
    })
  })
}

export default boBillingRoutes
