/**
 * Failures that happen at the edge, before a route's own error handler can speak: Node's HTTP parser refusing
 * the bytes (headers over the limit → 431, not HTTP at all → 400), the router refusing the path (not valid
 * percent-encoding → 400, a path parameter over the limit → 414), and a URL over the limit (→ 414). Fastify
 * answers those in its own `{statusCode, error, message}` shape; here each gets the error body of the API the
 * path names — an API under `/<id>`, the token endpoint, the admin API — as DESIGN.md asks of every failure.
 */
import { STATUS_CODES, type ServerOptions } from 'node:http'
import type { Socket } from 'node:net'
import type { ConnectionError, FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify'
import fp from 'fastify-plugin'
import { maskQuery } from '../auth/secrets.js'
import { oauthErrorResponse, TOKEN_PATH } from '../auth/token-endpoint.js'
import type { Config } from '../config.js'
import type { ErrorResponse, MockDefinition } from '../engine/define-mock.js'
import { LIMITS, readableBytes } from '../engine/limits.js'
import { classifyError, clientErrorStatus, clientWentAway, goneQuietly, mockError } from '../engine/mock-error.js'

/** Turns a failure into the body of whoever owns the path. */
export type Shaper = (err: unknown, request: FastifyRequest | undefined) => ErrorResponse

/** A surface mounted beside the APIs (the admin API) that answers its failures in its own body. */
export interface EdgeOwner {
  /** Its mount prefix: it owns the prefix and every path under it. */
  prefix: string
  shape: Shaper
}

export interface EdgeErrors {
  /** Fastify options: the limits, and the handlers that answer the parser's and router's refusals. */
  serverOptions: Pick<FastifyServerOptions, 'bodyLimit' | 'routerOptions' | 'frameworkErrors' | 'clientErrorHandler'> & { http: ServerOptions }
  /**
   * Refuses URLs over LIMITS.urlLength, and answers the failures of the server's own paths (outside every
   * API) in `{error, message}`. Register it before the routes.
   */
  plugin: (app: FastifyInstance) => Promise<void>
  /** The server's 404 body for a path no API, nor the token endpoint, nor the admin API owns. */
  notFound: (request: FastifyRequest) => { error: string, message: string }
}

/**
 * @example
 * const edge = edgeErrors(config, mocks, [{ prefix: ADMIN_PREFIX, shape: adminErrorResponse }])
 * const app = Fastify({ ...edge.serverOptions })
 * await app.register(edge.plugin)
 */
export function edgeErrors (config: Config, mocks: ReadonlyArray<MockDefinition<any, any>>, surfaces: readonly EdgeOwner[] = []): EdgeErrors {
  const owners: Array<{ owns: (path: string) => boolean, shape: Shaper }> = [
    ...mocks.map((mock) => ({ owns: under(`/${mock.id}`), shape: ((err, request) => mock.toErrorResponse(err, request, config)) satisfies Shaper })),
    { owns: (path: string) => path === TOKEN_PATH, shape: oauthErrorResponse },
    ...surfaces.map((surface) => ({ owns: under(surface.prefix), shape: surface.shape }))
  ]
  const shapeFor = (url: string): Shaper => {
    const path = url.split('?')[0] ?? url
    return owners.find((owner) => owner.owns(path))?.shape ?? rootErrorResponse
  }

  const answer = (reply: FastifyReply, url: string, err: unknown): FastifyReply => {
    const { status, body, headers } = shapeFor(url)(err, reply.request)
    if (headers !== undefined) reply.headers(headers)
    reply.code(status)
    return body === undefined ? reply.send() : reply.send(body)
  }

  const notFound = (request: FastifyRequest): { error: string, message: string } => ({
    error: 'not_found',
    message: `Nothing at ${request.method} ${request.url.split('?')[0] ?? ''}. The APIs live under ${mocks.map((mock) => `/${mock.id}`).join(', ')}; documentation at /docs.`
  })

  return {
    notFound,
    serverOptions: {
      bodyLimit: LIMITS.bodyBytes,
      http: { maxHeaderSize: LIMITS.headerBytes },
      routerOptions: { maxParamLength: LIMITS.paramLength },
      frameworkErrors (error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
        let err: unknown = error
        if (error.code === 'FST_ERR_BAD_URL') {
          err = mockError('BAD_URL', { message: 'The path is not valid percent-encoded UTF-8 (a stray "%", or an escape such as %FF): encode each path parameter with encodeURIComponent.' })
        } else if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
          err = mockError('URL_TOO_LONG', { message: `A path parameter is longer than ${LIMITS.paramLength} characters, the mock's limit.` })
        }
        answer(reply, request.url, err)
      },
      clientErrorHandler (this: FastifyInstance, error: ConnectionError, socket: Socket) {
        if (error.code === 'ECONNRESET' || socket.destroyed) return
        let err = mockError('MALFORMED_REQUEST', { message: `The request is not valid HTTP/1.1 (${error.code ?? error.message}).` })
        if (error.code === 'HPE_HEADER_OVERFLOW') {
          err = mockError('HEADERS_TOO_LARGE', { message: `The request line and headers are larger than ${readableBytes(LIMITS.headerBytes)}, the mock's limit.` })
        } else if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
          err = mockError('REQUEST_TIMEOUT', { message: 'The request headers did not arrive in time.' })
        }
        // The raw bytes hold the request line: its path says whose error shape to answer in. Never log them:
        // they carry the request's credentials.
        const raw = error.rawPacket as unknown as Buffer | undefined // typed as its JSON form, but a Buffer
        const path = /^[A-Z]+ (\S+) HTTP\//.exec(raw?.subarray(0, LIMITS.headerBytes).toString('latin1') ?? '')?.[1] ?? '/'
        this.log.debug({ code: error.code, path: maskQuery(path) }, 'refused a request Node could not parse')
        if (socket.writable) socket.write(rawResponse(shapeFor(path)(err, undefined)))
        socket.destroy()
      }
    },
    plugin: fp(async (app: FastifyInstance) => {
      // Callback style: it runs on every request, and an async hook's promise is measurable cost there.
      app.addHook('onRequest', (request, reply, done) => {
        if (request.url.length > LIMITS.urlLength) {
          answer(reply, request.url, mockError('URL_TOO_LONG', { message: `The URL (path and query) is ${request.url.length} characters long; the mock's limit is ${LIMITS.urlLength}.` }))
          return
        }
        // A method the router does not know at all (PROPFIND, SEARCH…) on the token endpoint: its 405, as for
        // GET or PUT, rather than the server's 404.
        if (request.is404 && (request.url.split('?')[0] ?? '') === TOKEN_PATH) {
          answer(reply, request.url, mockError('METHOD_NOT_ALLOWED', { message: `Method ${request.method} is not allowed on ${TOKEN_PATH}; allowed: POST.`, headers: { allow: 'POST' } }))
          return
        }
        done()
      })
      // The server's own paths (/health, /docs, the root 404): `{error, message}`, never Fastify's shape. An
      // unknown path is a 404 whatever body it carries (Fastify reads it, and may refuse it, first).
      app.setErrorHandler(async (err, request, reply) => {
        if (clientWentAway(err, request.raw)) return goneQuietly(request, reply)
        if (request.is404 && clientErrorStatus(err) !== undefined) return await reply.code(404).send(notFound(request))
        const { status, body } = rootErrorResponse(err)
        if (status >= 500) request.log.error({ err, url: request.url }, 'unexpected error')
        return await reply.code(status).send(body)
      })
    }, { name: 'billing-mocks-edge-errors', fastify: '5.x' })
  }
}

function under (prefix: string): (path: string) => boolean {
  return (path) => path === prefix || path.startsWith(`${prefix}/`)
}

/**
 * What owns no API answers: `{error, message}`, as the server's own not-found answer.
 * @example
 * rootErrorResponse(mockError('URL_TOO_LONG')) // { status: 414, body: { error: 'url_too_long', message: 'URL_TOO_LONG' } }
 */
export function rootErrorResponse (err: unknown): ErrorResponse {
  const { status, code, message } = classifyError(err, {})
  return { status, body: { error: code.toLowerCase(), message } }
}

/** A whole HTTP/1.1 answer for a socket no request object exists for; the connection closes after it. */
function rawResponse ({ status, body, headers = {} }: ErrorResponse): string {
  const payload = body === undefined ? '' : JSON.stringify(body)
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    ...(body === undefined ? [] : ['content-type: application/json; charset=utf-8']),
    `content-length: ${Buffer.byteLength(payload)}`,
    'connection: close'
  ]
  return `${lines.join('\r\n')}\r\n\r\n${payload}`
}
