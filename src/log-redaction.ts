/**
 * What the server's logs never show, at any level: credentials. Fastify logs each request's URL, and the
 * token endpoint's callers may put `client_secret` in it (and API callers `access_token`); request headers
 * are not logged, but if a log line ever carries them, `Authorization`, cookies and the admin token are
 * censored. The query is masked as the request journal masks it (`maskQuery`: parameters named like a
 * secret show `[masked]`).
 */
import type { FastifyRequest } from 'fastify'
import { maskQuery } from './auth/secrets.js'

const MASKED = '[masked]'

/**
 * Logger options to spread into Fastify's `logger`.
 * @example
 * Fastify({ logger: { level: 'info', ...LOG_REDACTION } })
 */
export const LOG_REDACTION = {
  redact: {
    paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-admin-token"]', 'req.headers["proxy-authorization"]', 'headers.authorization', 'headers.cookie', 'headers["x-admin-token"]'],
    censor: MASKED
  },
  serializers: {
    /** Fastify's request serializer, with the query's secrets masked. */
    req: (request: FastifyRequest) => ({
      method: request.method,
      url: maskQuery(request.url),
      host: request.host,
      remoteAddress: request.ip,
      remotePort: request.socket?.remotePort
    }),
    /** A `url` the server logs itself (e.g. with an unexpected error). */
    url: (url: unknown) => typeof url === 'string' ? maskQuery(url) : url
  }
}
