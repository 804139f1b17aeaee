/**
 * The routes the property tests break, each as a request it answers with 200 (the well-known identities
 * of fixtures/default.yaml), split into the parts the arbitraries of fuzz.ts change.
 */
import type { FastifyInstance, InjectOptions } from 'fastify'
import { TOKEN_PATH } from '../../src/auth/token-endpoint.js'
import { basicAuth, bearerHeader, QA_CLIENT } from '../helpers/build-app.js'
import type { BaseRequest } from './fuzz.js'

export interface RouteUnderTest {
  /** As the API documents it, with the mount prefix. */
  name: string
  /** Whose OpenAPI document and error shape apply: an API id, `oauth` or `__admin`. */
  api: string
  /** The request that succeeds, given the app (for a token). */
  base: (app: FastifyInstance) => Promise<BaseRequest>
  /** Which paths answer in this API's error shape (default: all the generated ones, which keep the prefix). */
  owns?: (path: string) => boolean
}

const split = (path: string): string[] => path.replace(/^\//, '').split('/')

/** The five APIs' routes, as DESIGN.md lists them. */
export const API_ROUTES: RouteUnderTest[] = [
  {
    name: 'POST /hn-billing/customers/{msisdn}/invoices',
    api: 'hn-billing',
    base: async (app) => ({
      method: 'POST',
      segments: split('/hn-billing/customers/50499990001/invoices'),
      params: [2],
      query: { invoiceNumber: '000-001-01-00012345', invoiceDate: '2026-10-01', type: 'SUMMARY', typeResult: 'PDF' },
      headers: await bearerHeader(app)
    })
  },
  {
    name: 'GET /bo-billing/customers/{idType}/{id}/bills',
    api: 'bo-billing',
    base: async (app) => ({
      method: 'GET',
      segments: split('/bo-billing/customers/CLIENT_NUMBER/70000001/bills'),
      params: [2, 3],
      query: { contractNumber: '80000001', pageInit: '1', quantity: '5' },
      headers: await bearerHeader(app)
    })
  },
  {
    name: 'GET /masstack/v2/orgs/{orgId}/accounts/{accountId}/invoices',
    api: 'masstack',
    base: async () => ({
      method: 'GET',
      segments: split('/masstack/v2/orgs/telco/accounts/214748364/invoices'),
      params: [3, 5],
      query: { start_date: '2025-01-01', end_date: '2025-12-31' },
      headers: { 'x-auth-roles': 'API_KEY' }
    })
  },
  {
    name: 'GET /billingdata/api/v1.0/billingdata',
    api: 'billingdata',
    base: async (app) => ({
      method: 'GET',
      segments: split('/billingdata/api/v1.0/billingdata'),
      params: [],
      query: { page: '1', page_size: '10' },
      headers: await bearerHeader(app)
    })
  },
  {
    name: 'POST /invoice-files/api/v2/customer/{id}/download-invoices',
    api: 'invoice-files',
    base: async (app) => ({
      method: 'POST',
      segments: split('/invoice-files/api/v2/customer/11111111-1111-4111-8111-111111111111/download-invoices'),
      params: [4],
      query: {},
      headers: await bearerHeader(app),
      body: { contentType: 'application/json', payload: JSON.stringify({ id: ['aaaaaaaa-0000-4000-8000-000000000002'] }) }
    })
  }
]

/** The token endpoint sent its credentials one way (`how`): the request's query, headers and body. */
const tokenRoute = (how: string, request: Pick<BaseRequest, 'query' | 'headers' | 'body'>): RouteUnderTest => ({
  name: `POST ${TOKEN_PATH} (${how})`,
  api: 'oauth',
  owns: (path) => path === TOKEN_PATH,
  base: async () => ({ method: 'POST', segments: split(TOKEN_PATH), params: [2], ...request })
})

/** The token endpoint, once with HTTP Basic and once with form fields. */
export const TOKEN_ROUTES: RouteUnderTest[] = [
  tokenRoute('HTTP Basic', { query: { grant_type: 'client_credentials' }, headers: { authorization: basicAuth(QA_CLIENT.id, QA_CLIENT.secret) } }),
  tokenRoute('form fields', {
    query: {},
    headers: {},
    body: { contentType: 'application/x-www-form-urlencoded', payload: `grant_type=client_credentials&client_id=${QA_CLIENT.id}&client_secret=${QA_CLIENT.secret}` }
  })
]

const admin = (method: string, path: string, params: number[] = [], body?: unknown, query: Record<string, string> = {}): RouteUnderTest => ({
  // The parameter segments named as in the admin API's OpenAPI document.
  name: `${method} ${path.replace(/^\/__admin\/scenarios\/[^/]+\/(activate|deactivate|state)$/, '/__admin/scenarios/{name}/$1').replace(/^\/__admin\/activations\/.+$/, '/__admin/activations/{id}')}`,
  api: '__admin',
  base: async () => ({
    method,
    segments: split(path),
    params,
    query,
    headers: {},
    ...(body === undefined ? {} : { body: { contentType: 'application/json', payload: JSON.stringify(body) } })
  })
})

/** Every admin route (README, "Admin API"), with a request each answers successfully. */
export const ADMIN_ROUTES: RouteUnderTest[] = [
  admin('GET', '/__admin/scenarios'),
  admin('POST', '/__admin/scenarios/slow/activate', [2], { api: 'masstack', times: 1, match: { headers: { 'x-test-run': 'fuzz' } } }),
  admin('POST', '/__admin/scenarios/slow/deactivate', [2]),
  admin('PUT', '/__admin/scenarios/invoice-files-download-fails-once/state', [2], { state: 'Started' }),
  admin('POST', '/__admin/scenarios/reset'),
  admin('GET', '/__admin/activations'),
  admin('POST', '/__admin/activations', [], { scenario: 'slow', api: 'masstack', times: 1, match: { headers: { 'x-test-run': 'fuzz' } } }),
  admin('DELETE', '/__admin/activations'),
  admin('DELETE', '/__admin/activations/first-activation', [2]),
  admin('GET', '/__admin/requests', [], undefined, { api: 'masstack', limit: '5' }),
  admin('GET', '/__admin/requests/count', [], undefined, { api: 'masstack', method: 'GET' }),
  admin('DELETE', '/__admin/requests'),
  admin('POST', '/__admin/reset'),
  admin('GET', '/__admin/world'),
  admin('GET', '/__admin/fixtures'),
  admin('POST', '/__admin/fixtures/reload'),
  admin('POST', '/__admin/provider-states', [], { state: 'customer 70000001 has contract 80000001 with 12 bills' }, { api: 'bo-billing' })
]

/**
 * The inject options of a base request, unbroken.
 * @example
 * const res = await app.inject(asInject(await route.base(app)))
 */
export function asInject (base: BaseRequest): InjectOptions {
  const query = new URLSearchParams(base.query).toString()
  return {
    method: base.method as InjectOptions['method'],
    url: `/${base.segments.join('/')}${query === '' ? '' : `?${query}`}`,
    headers: { ...base.headers, ...(base.body === undefined ? {} : { 'content-type': base.body.contentType }) },
    ...(base.body === undefined ? {} : { payload: base.body.payload })
  }
}
