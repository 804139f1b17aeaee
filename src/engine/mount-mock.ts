/**
 * Turns a MockDefinition into an encapsulated Fastify plugin mounted at `/<id>`: its own OpenAPI document
 * (`/<id>/openapi.json`), its own error and not-found handlers, bearer verification for the routes whose
 * schema declares `security`, Prefer-forced statuses, and 405 for known paths with another method.
 */
import swagger from '@fastify/swagger'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../config.js'
import type { TokenService } from '../auth/tokens.js'
import type { MockDefinition } from './define-mock.js'
import { collectRoutes } from './method-guard.js'
import { clientErrorStatus, isMockError, isValidationError, mockError } from './mock-error.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The OAuth client behind the request's bearer token, on routes that require one. */
    client: { id: string, scope: string } | null
  }
}

export interface MountOptions {
  definition: MockDefinition<unknown>
  world: unknown
  config: Config
  tokens: TokenService
}

/**
 * The documented statuses of a route, from its response schema: numbers, plus "default".
 * @example
 * documentedStatuses(request) // ['200', '400', '401', '404', 'default']
 */
export function documentedStatuses (request: FastifyRequest): string[] {
  const response = request.routeOptions.schema?.response as Record<string, unknown> | undefined
  return response === undefined ? [] : Object.keys(response)
}

export async function mountMock (app: FastifyInstance, { definition, world, config, tokens }: MountOptions): Promise<void> {
  const { id, openapi } = definition

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: openapi.title, version: openapi.version, description: openapi.description },
      servers: [{ url: `/${id}`, description: 'billing-mocks' }],
      tags: openapi.tags,
      components: { securitySchemes: openapi.securitySchemes as never }
    }
  })

  const sendError = async (err: unknown, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
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
  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0] ?? request.url
    return sendError(mockError('ROUTE_NOT_FOUND', { message: `No ${id} endpoint at ${request.method} ${path}. See /${id}/openapi.json for the documented paths.` }), request, reply)
  })

  app.decorateRequest('client', null)
  app.addHook('onRequest', async (request) => {
    const security = request.routeOptions.schema?.security
    if (security === undefined || security.length === 0) return
    const check = tokens.verify(request.headers.authorization)
    if (!check.ok) throw mockError('UNAUTHORIZED', { message: check.message, reason: check.reason, headers: { 'www-authenticate': `Bearer realm="${id}", error="invalid_token"` } })
    request.client = { id: check.claims.sub, scope: check.claims.scope }
  })

  // After validation, before the handler: DESIGN.md's "validation → scenario check → world lookup".
  app.addHook('preHandler', async (request) => {
    if (request.routeOptions.schema?.hide === true) return
    const scenario = request.headers['x-mock-scenario']
    if (typeof scenario === 'string' && scenario !== '') {
      const template = definition.errors?.[scenario]
      if (template === undefined) {
        throw mockError('UNDOCUMENTED_STATUS', { message: `Unknown scenario "${scenario}" for ${id}; known: ${Object.keys(definition.errors ?? {}).join(', ') || 'none'}.` })
      }
      throw mockError(scenario, { message: template.message })
    }
    if (request.prefer.invalid !== undefined) throw mockError('UNDOCUMENTED_STATUS', { message: request.prefer.invalid })
    const code = request.prefer.code
    if (code === undefined) return
    const documented = documentedStatuses(request)
    if (code < 300 && documented.includes(String(code))) return
    const covered = documented.includes(String(code)) || (documented.includes('default') && code >= 500)
    if (!covered) {
      const listed = documented.map((s) => (s === 'default' ? 'default (5xx)' : s)).join(', ')
      throw mockError('UNDOCUMENTED_STATUS', { message: `Prefer code=${code} is not documented for ${request.method} ${request.routeOptions.url ?? ''}; documented: ${listed}.` })
    }
    // RFC 9110 §15.5.6: a 405 always says which methods the path allows.
    const headers = code === 405 ? { allow: [request.routeOptions.method].flat().join(', ') } : undefined
    throw mockError('FORCED_STATUS', { status: code, message: `Answer forced by Prefer: code=${code}.`, headers })
  })

  const guardMethods = collectRoutes(app)
  await app.register(definition.routes, { world, config })
  guardMethods()

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
}
