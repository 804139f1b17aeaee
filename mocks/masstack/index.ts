/**
 * MasStack customers API v2 — Invoices (002_e7fe3ad17e3570aa.txt, quoted in README.md; API v2).
 * Where the upstream is silent (see README.md): ErrorMessage is `{code, message}`; x-auth-roles is
 * required (400 without it); start_date/end_date default to the account's first and last billed day;
 * org "telco" has generated accounts 200000000–299999999 besides the fixtures.
 */
import { defineMock } from '../../src/engine/define-mock.js'
import { MASSTACK_ERRORS, toErrorResponse } from './errors.js'
import masstackRoutes from './routes.js'
import { MasstackFixturesSchema, type InvoiceInfoList } from './schemas.js'
import { createMasstackWorld } from './world.js'
import { masstackStates } from './states.js'

export default defineMock({
  id: 'masstack',
  openapi: {
    title: 'MasStack customers API',
    version: '2.0.0',
    description: 'Invoices of the MasStack customers API v2. Calls carry the gateway header `x-auth-roles` (e.g. `API_KEY`).',
    tags: [{ name: 'Invoices', description: 'Access to invoices' }]
  },
  fixtures: MasstackFixturesSchema,
  generatedIds: 'Org "telco": every accountId from 200000000 to 299999999, billed monthly from a seeded month of 2023–2025 to 2026-10.',
  createWorld: createMasstackWorld,
  scenarioTag: (request, world) => {
    const { orgId, accountId } = request.params as { orgId: string, accountId: number }
    return world.scenarioOf(orgId, accountId)
  },
  emptyAnswer: (body: InvoiceInfoList) => ({ ...body, invoices: [] }),
  errors: MASSTACK_ERRORS,
  toErrorResponse,
  examples: [{ name: 'the invoices of account 214748364', method: 'GET', path: '/v2/orgs/telco/accounts/214748364/invoices', headers: { 'x-auth-roles': 'API_KEY' } }],
  states: masstackStates,
  routes: masstackRoutes
})
