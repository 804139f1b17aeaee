/**
 * Get Customer Invoice Files (004_715d166116d01f0a.txt, quoted in README.md; API v2).
 * Where the upstream is silent (see README.md): the HTTP status of each error code; general codes
 * GLOBAL_1000/1003/1004/1005/1010; attachmentData is base64 of the file itself (the table), not a blob
 * URL (the sample); a customer outside the requestor's tree answers CUSTOMER_1002.
 */
import { bearerScheme } from '../../src/auth/openapi.js'
import { defineMock } from '../../src/engine/define-mock.js'
import { INVOICE_FILES_ERRORS, toErrorResponse } from './errors.js'
import invoiceFilesRoutes from './routes.js'
import { InvoiceFilesFixturesSchema } from './schemas.js'
import { createInvoiceFilesWorld } from './world.js'
import { invoiceFilesStates } from './states.js'

export default defineMock({
  id: 'invoice-files',
  openapi: {
    title: 'Get Customer Invoice Files',
    version: '2.0.0',
    description: 'Downloads customer single or multiple invoice files (PDF, XML). When several files result, attachmentData is a ZIP of all of them.',
    securitySchemes: { bearer: bearerScheme() },
    tags: [{ name: 'Invoices', description: 'Invoice files' }]
  },
  fixtures: InvoiceFilesFixturesSchema,
  generatedIds: 'None: only the customers and invoices of the fixtures exist (their amounts and lines are generated). Any other customer ID answers CUSTOMER_1002.',
  createWorld: createInvoiceFilesWorld,
  // A tagged customer answers its scenario to every download about it, and to every download it requests.
  scenarioTag: (request, world) => {
    const requestor = request.client === null ? undefined : world.requestorCustomer(request.client.id)
    if (requestor === undefined) return undefined
    const target = world.customer((request.params as { id: string }).id)
    // A customer outside the requestor's tree stays CUSTOMER_1002 whatever its tag: its existence is not revealed.
    const eligible = target !== undefined && world.eligible(requestor, target.id)
    return requestor.scenario ?? (eligible ? target.scenario : undefined)
  },
  emptyAnswer: (body: object) => ({ ...body, content: [] }),
  errors: INVOICE_FILES_ERRORS,
  toErrorResponse,
  examples: [{ name: 'every invoice file of customer 11111111-…', method: 'POST', path: '/api/v2/customer/11111111-1111-4111-8111-111111111111/download-invoices', body: {} }],
  states: invoiceFilesStates,
  routes: invoiceFilesRoutes
})
