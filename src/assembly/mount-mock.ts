/**
 * Turns a MockDefinition into an encapsulated Fastify plugin mounted at `/<id>`: its own OpenAPI document
 * (`/<id>/openapi.json`), its own error and not-found handlers (step 9's failures: the API's own body), the
 * API's steps of the request pipeline (pipeline.ts: auth, validation, scenario), its routes, and 405 for known
 * paths with another method.
 */
import swagger from '@fastify/swagger'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { TokenService } from '../auth/tokens.js'
import { DOCUMENT_INFO, type MockDefinition } from '../engine/define-mock.js'
import type { Runtime } from './runtime.js'
import { collectRoutes } from '../engine/method-guard.js'
import { clientErrorStatus, clientWentAway, goneQuietly, isMockError, isValidationError, mockError } from '../engine/mock-error.js'
import { registerApiSteps } from './pipeline.js'

export interface MountOptions {
  definition: MockDefinition<unknown>
  runtime: Runtime
  tokens: TokenService
}

export async function mountMock (app: FastifyInstance, { definition, runtime, tokens }: MountOptions): Promise<void> {
  const { id, openapi } = definition
  const { config } = runtime
  const api = runtime.apis.find((candidate) => candidate.id === id)
  if (api === undefined) throw new Error(`${id} is not in the runtime's APIs.`)

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: openapi.title, version: openapi.version, description: openapi.description, ...DOCUMENT_INFO },
      servers: [{ url: `/${id}`, description: 'billing-mocks' }],
      tags: openapi.tags,
      components: { securitySchemes: openapi.securitySchemes as never }
    }
  })

  const notFound = (request: FastifyRequest): Error => {
    const path = request.url.split('?')[0] ?? request.url
    return mockError('ROUTE_NOT_FOUND', { message: `No ${id} endpoint at ${request.method} ${path}. See /${id}/openapi.json for the documented paths.` })
  }
  const sendError = async (err: unknown, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    if (clientWentAway(err, request.raw)) return goneQuietly(request, reply)
    // An unknown path is a 404 whatever body it carries (Fastify reads it, and may refuse it, first).
    if (request.is404 && !(isMockError(err) && err.code === 'ROUTE_NOT_FOUND')) return await sendError(notFound(request), request, reply)
    if (!isMockError(err) && !isValidationError(err) && clientErrorStatus(err) === undefined) {
      request.log.error({ err, api: id, method: request.method, url: request.url }, 'unexpected error; answering the documented 500')
    }
    const { status, body, headers } = definition.toErrorResponse(err, request, config)
    if (headers !== undefined) reply.headers(headers)
    if (isMockError(err) && err.detail.headers !== undefined) reply.headers(err.detail.headers)
    reply.code(status)
    return body === undefined ? reply.send() : reply.send(body)
  }

  app.setErrorHandler(sendError)
  app.setNotFoundHandler(async (request, reply) => await sendError(notFound(request), request, reply))

  // Steps 5–7 of the request pipeline (pipeline.ts): auth, validation, scenario.
  registerApiSteps(app, { definition, api, runtime, tokens })

  const guardMethods = collectRoutes(app)
  await app.register(definition.routes, { worldFor: (request) => runtime.world(id, request), config })
  guardMethods()

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
}
