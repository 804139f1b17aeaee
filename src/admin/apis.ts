/**
 * What a client of the admin API needs to call the mocked APIs without reading their documents first: each
 * API with its documents and example requests (`GET /__admin/apis`), and a token for them
 * (`POST /__admin/tokens`). The QA console (src/console) is built on these; scripts can use them too.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type, type TSchema } from '../typebox.js'
import { issueForClient, type TokenService } from '../auth/tokens.js'
import type { MockDefinition } from '../engine/define-mock.js'
import type { Runtime } from '../assembly/runtime.js'
import { AdminError } from './guard.js'

export interface ApisOptions {
  runtime: Runtime
  definitions: ReadonlyArray<MockDefinition<any, any>>
  tokens: TokenService
  errors: Record<number, TSchema>
}

const ExampleSchema = Type.Object({
  name: Type.String(),
  method: Type.String(),
  path: Type.String({ description: 'With the API\'s /<id> prefix and the query string: ready to send.' }),
  headers: Type.Record(Type.String(), Type.String(), { description: 'Besides Authorization.' }),
  body: Type.Optional(Type.Unknown())
})

const apis: FastifyPluginAsyncTypebox<ApisOptions> = async (app, { runtime, definitions, tokens, errors }) => {
  app.get('/apis', {
    schema: {
      operationId: 'listApis',
      summary: 'The mocked APIs: title, documents, error codes, example requests with the well-known fixture identities',
      tags: ['Control'],
      response: {
        200: Type.Array(Type.Object({
          id: Type.String(),
          title: Type.String(),
          openapi: Type.String({ description: 'The API\'s OpenAPI document.' }),
          docs: Type.String({ description: 'Swagger UI, with every document.' }),
          errorCodes: Type.Array(Type.String()),
          secured: Type.Boolean({ description: 'Whether its routes take a bearer token (POST /__admin/tokens mints one).' }),
          examples: Type.Array(ExampleSchema)
        })),
        ...errors
      }
    }
  }, async () => definitions.map((definition) => ({
    id: definition.id,
    title: definition.openapi.title,
    openapi: `/${definition.id}/openapi.json`,
    docs: '/docs',
    errorCodes: Object.keys(definition.errors ?? {}),
    secured: runtime.apis.find((api) => api.id === definition.id)?.routes.some((route) => route.secured) ?? false,
    examples: (definition.examples ?? []).map((example) => ({
      name: example.name,
      method: example.method,
      path: `/${definition.id}${example.path}${example.query === undefined ? '' : `?${new URLSearchParams(example.query).toString()}`}`,
      headers: { ...(example.body === undefined ? {} : { 'content-type': 'application/json' }), ...example.headers },
      ...(example.body === undefined ? {} : { body: example.body })
    }))
  })))

  app.post('/tokens', {
    schema: {
      operationId: 'mintToken',
      summary: 'A bearer token for a fixture client, as its token endpoint would issue it',
      description: 'The same token `POST /oauth/client_credential/accesstoken` gives the client, without its secret: for the console\'s "copy as curl" and for scripts.',
      tags: ['Control'],
      body: Type.Optional(Type.Object({ client: Type.Optional(Type.String({ description: 'A client id of the fixtures; the first one by default (qa-client).' })) }, { additionalProperties: false })),
      response: {
        200: Type.Object({ access_token: Type.String(), token_type: Type.Literal('Bearer'), expires_in: Type.Integer(), client: Type.String(), scope: Type.String() }),
        ...errors
      }
    },
    // Without options the request may carry no body at all.
    preValidation: async (request) => { request.body ??= {} }
  }, async (request) => {
    const { clients } = runtime.current()
    const wanted = request.body?.client
    const client = wanted === undefined ? clients.values().next().value : clients.get(wanted)
    if (client === undefined) {
      throw new AdminError(404, 'not_found', wanted === undefined ? 'The fixtures define no OAuth client.' : `No client "${wanted}" in the fixtures; they define ${[...clients.keys()].join(', ')}.`)
    }
    const { token, claims, scope } = issueForClient(tokens, client)
    return { access_token: token, token_type: 'Bearer' as const, expires_in: Math.max(0, claims.exp - claims.iat), client: client.clientId, scope }
  })
}

export default apis
