/**
 * billingdata's error body `{status: "error", message, timestamp}` for every failure. The upstream
 * documents only 401 ("Desautorizado": token missing, invalid or expired) and shows no body.
 */
import type { FastifyRequest } from 'fastify'
import type { Config } from '../../src/config.js'
import type { ErrorResponse } from '../../src/engine/define-mock.js'
import { classifyError } from '../../src/engine/mock-error.js'
import { responseTimestamp } from './timestamp.js'

export function toErrorResponse (err: unknown, _request: FastifyRequest | undefined, config: Config): ErrorResponse {
  const { status, message } = classifyError(err, {})
  return { status, body: { status: 'error', message, timestamp: responseTimestamp(config) } }
}
