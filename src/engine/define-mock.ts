/**
 * What one API gives the engine: its id (the mount prefix), its OpenAPI identity, how its world derives
 * from the seed and fixtures, how every failure becomes its own error body, and its routes.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Static, TSchema } from '../typebox.js'
import type { Config } from '../config.js'
import type { ProviderState } from './provider-states.js'
import type { ErrorTemplate } from './mock-error.js'

/** A status and body in the API's own error shape. `body: undefined` sends no body (e.g. a bare 405). */
export interface ErrorResponse {
  status: number
  body: unknown
  headers?: Record<string, string>
}

export interface WorldContext<F> {
  seed: number
  /** This API's section of the merged fixture files, already validated against `fixtures`. */
  fixtures: F | undefined
  config: Config
}

export interface RouteOptions<W> {
  /**
   * The world a request sees: the seeded one, or the one of its `Prefer: seed=N` / `dynamic=true`. Always
   * the one of the fixtures in force, which an admin reload may replace.
   */
  worldFor: (request: FastifyRequest) => W
  config: Config
}

export interface ExampleRequest {
  name: string
  method: 'GET' | 'POST'
  /** Without the /<id> prefix, as documented. */
  path: string
  query?: Record<string, string>
  headers?: Record<string, string>
  body?: unknown
}

/**
 * `info.contact` and `info.license` of every document the server publishes (common linters, Spectral's
 * `info-contact` and Redocly's `info-license-strict`, ask for both). The contact is this mock, not the
 * provider of the API it stands in for.
 */
export const DOCUMENT_INFO = {
  contact: { name: 'billing-mocks (a mock server; for the real API, ask its provider)' },
  license: { name: 'MIT', url: 'https://spdx.org/licenses/MIT.html' }
} as const

export interface OpenApiSecurityScheme {
  type: 'oauth2' | 'http' | 'apiKey'
  description?: string
  [key: string]: unknown
}

export interface MockDefinition<W = unknown, F extends TSchema = TSchema> {
  /** Mount prefix and name: `/<id>`. */
  id: string
  openapi: {
    title: string
    version: string
    description: string
    securitySchemes?: Record<string, OpenApiSecurityScheme>
    tags?: Array<{ name: string, description?: string }>
  }
  /** Which identifiers besides the fixtures' answer with generated data, for GET /__admin/world and README. */
  generatedIds?: string
  /** Schema of this API's section in fixture files (the key is the id). */
  fixtures: F
  createWorld: (context: WorldContext<Static<F>>) => W
  /**
   * The API's named error catalogue. Each code is also a scenario: `X-Mock-Scenario: <code>` answers it on
   * any route of the API.
   */
  errors?: Record<string, ErrorTemplate>
  /**
   * The `scenario:` tag of the fixture entity a request is about (customer, account, tenant…), if any.
   * Runs after validation and authentication, before the handler.
   */
  scenarioTag?: (request: FastifyRequest, world: W) => string | undefined
  /** The successful answer with its collection emptied, for the `empty` scenario; absent when the API has no collection. */
  emptyAnswer?: (body: any, reply: FastifyReply) => unknown
  /**
   * Every failure (MockError, validation error, anything else) → this API's documented status and body.
   * `request` is undefined when Node's HTTP parser refused the bytes before there was one (431).
   */
  toErrorResponse: (err: unknown, request: FastifyRequest | undefined, config: Config) => ErrorResponse
  routes: FastifyPluginAsyncTypebox<RouteOptions<W>>
  /**
   * Requests with the well-known identities that show the API's main answer: `npm run drift` replays them
   * against a real provider, README lists them.
   */
  examples?: ReadonlyArray<ExampleRequest>
  /** The Pact provider states consumer tests name, and how the mock realises each (mocks/<id>/states.ts). */
  states?: ReadonlyArray<ProviderState<any>>
}

/**
 * Declares an API for the registry (mocks/index.ts). Only a typing helper: it returns its argument, keeping
 * its id as a literal type, so the ids of the registry (`ApiId`) derive from it.
 * @example
 * export default defineMock({ id: 'masstack', openapi, fixtures, createWorld, toErrorResponse, routes })
 */
export function defineMock<const Id extends string, W, F extends TSchema> (definition: MockDefinition<W, F> & { id: Id }): MockDefinition<W, F> & { id: Id } {
  return definition
}
