import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '../../src/typebox.js'
import type { RouteOptions } from '../../src/engine/define-mock.js'
import { limitResponses } from '../../src/engine/limits.js'
import { mockError } from '../../src/engine/mock-error.js'
import { answerCache } from '../../src/world/cache.js'
import { ErrorMessageSchema, InvoiceInfoListSchema, InvoicesHeadersSchema, InvoicesParamsSchema, InvoicesQuerySchema } from './schemas.js'
import type { InvoiceInfoList } from './schemas.js'
import type { MasstackWorld } from './world.js'

const masstackRoutes: FastifyPluginAsyncTypebox<RouteOptions<MasstackWorld>> = async (app, { worldFor }) => {
  const answers = answerCache<InvoiceInfoList>(500)
  app.get('/v2/orgs/:orgId/accounts/:accountId/invoices', {
    schema: {
      operationId: 'getAccountInvoices',
      summary: 'Access to invoices',
      description: 'Invoices of an account whose issue date falls inside [start_date, end_date], newest first. Without dates, the whole history of the account.',
      tags: ['Invoices'],
      // No security scheme: x-auth-roles is a gateway header the caller passes on, not a credential the API
      // checks (a missing one is the documented 400, not a 401), so it stays a required header parameter.
      security: [],
      params: InvoicesParamsSchema,
      querystring: InvoicesQuerySchema,
      headers: InvoicesHeadersSchema,
      response: {
        200: { ...InvoiceInfoListSchema, description: 'successful operation' },
        400: { ...ErrorMessageSchema, description: 'Invalid request body' },
        404: { ...ErrorMessageSchema, description: 'Resource not found' },
        405: Type.Null({ description: 'Method not allowed' }),
        ...limitResponses(ErrorMessageSchema, { body: false })
      }
    },
  }, async function (request) {
    const world = worldFor(request)
    const { orgId, accountId } = request.params
    if (!world.hasOrg(orgId)) throw mockError('ORG_NOT_FOUND', { message: `Organization "${orgId}" not found.` })
    const account = world.account(orgId, accountId)
    if (account === undefined) throw mockError('ACCOUNT_NOT_FOUND', { message: `Account ${accountId} not found in organization "${orgId}".` })

    const start = request.query.start_date ?? account.from
    const end = request.query.end_date ?? account.to
    if (end < start) throw mockError('INVALID_RANGE', { message: `end_date ${end} precedes start_date ${start}: end_date must be on or after start_date.` })

    return answers(world, `${orgId}/${accountId}/${start}/${end}`, () => {
      const invoices = account.invoices.filter((invoice) => invoice.date.slice(0, 10) >= start && invoice.date.slice(0, 10) <= end)
      return { account_id: accountId, period_date: { start_date: start, end_date: end }, invoices }
    })
  })
}

export default masstackRoutes
