/**
 * The routes the property tests break, each as a request it answers with 200 (the well-known identities
 * of fixtures/default.yaml), split into the parts the arbitraries of fuzz.ts change.
 */
import type { FastifyInstance, InjectOptions } from 'fastify'
import { mocks } from '../../mocks/index.js'
import { TOKEN_PATH } from '../../src/auth/token-endpoint.js'
import type { ExampleRequest, MockDefinition } from '../../src/engine/define-mock.js'
import { readCommittedOpenApi } from '../../src/openapi-read.js'
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

/**
 * The route an API's example request (its definition's `examples`, the requests README's "Try it" shows)
 * reaches, found in the API's committed OpenAPI document: its documented name, which path segments are
 * parameters, and whether it takes a bearer token.
 */
function exampleRoute (definition: MockDefinition<any, any>, example: ExampleRequest): RouteUnderTest {
  const document = readCommittedOpenApi(definition.id) as { paths: Record<string, Record<string, { security?: unknown[] }>> }
  const segments = split(`/${definition.id}${example.path}`)
  const found = Object.entries(document.paths).flatMap(([template, operations]) => {
    const parts = split(`/${definition.id}${template}`)
    const operation = operations[example.method.toLowerCase()]
    const matches = operation !== undefined && parts.length === segments.length && parts.every((part, index) => /^\{.+\}$/.test(part) || part === segments[index])
    return matches ? [{ template, operation, params: parts.flatMap((part, index) => /^\{.+\}$/.test(part) ? [index] : []) }] : []
  })[0]
  if (found === undefined) throw new Error(`${definition.id}'s example "${example.name}" reaches no route of mocks/${definition.id}/openapi.json.`)
  const secured = (found.operation.security?.length ?? 0) > 0
  return {
    name: `${example.method} /${definition.id}${found.template}`,
    api: definition.id,
    base: async (app) => ({
      method: example.method,
      segments,
      params: found.params,
      query: example.query ?? {},
      headers: { ...example.headers, ...(secured ? await bearerHeader(app) : {}) },
      ...(example.body === undefined ? {} : { body: { contentType: 'application/json', payload: JSON.stringify(example.body) } })
    })
  }
}

/** The five APIs' routes, from each definition's example requests (mocks/<id>/index.ts). */
export const API_ROUTES: RouteUnderTest[] = mocks.flatMap((definition) => (definition.examples ?? []).map((example) => exampleRoute(definition, example)))

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

/** Every admin route (docs/admin-api.md), with a request each answers successfully. */
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
