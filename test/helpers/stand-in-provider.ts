/**
 * A stand-in "real provider" for drift tests: the billing-mocks server itself, with answers changed on
 * purpose (an extra field, a renamed field, a changed type, an undocumented status, a binary file instead
 * of base64) for the requests a test chooses. Its token endpoint and admin API stay as they are.
 */
import type { FastifyInstance } from 'fastify'
import { buildTestApp } from './build-app.js'

export type Drift =
  | { kind: 'extra-field', field: string, value: unknown }
  | { kind: 'rename-field', from: string, to: string }
  | { kind: 'retype-field', field: string, value: unknown }
  | { kind: 'status', status: number }
  | { kind: 'binary-file', field: string }

/** Which requests drift (by path prefix, without query) and how. */
export type DriftRules = Record<string, Drift[]>

/**
 * Starts the stand-in on a real port and returns its base URL (APIs under /<id>, as the mock).
 * @example
 * const { baseUrl } = await standInProvider({ '/masstack/': [{ kind: 'extra-field', field: 'currency', value: 'EUR' }] })
 */
export async function standInProvider (rules: DriftRules = {}): Promise<{ app: FastifyInstance, baseUrl: string }> {
  const app = await buildTestApp()
  app.addHook('onSend', async (request, reply, payload) => {
    const path = request.url.split('?')[0] ?? ''
    const drifts = Object.entries(rules).filter(([prefix]) => path.startsWith(prefix)).flatMap(([, list]) => list)
    if (drifts.length === 0 || typeof payload !== 'string' || reply.statusCode >= 300) return payload
    let body = JSON.parse(payload) as Record<string, unknown>
    for (const drift of drifts) {
      switch (drift.kind) {
        case 'extra-field':
          body = { ...body, [drift.field]: drift.value }
          break
        case 'rename-field': {
          const { [drift.from]: value, ...rest } = body
          body = { ...rest, [drift.to]: value }
          break
        }
        case 'retype-field':
          body = { ...body, [drift.field]: drift.value }
          break
        case 'status':
          reply.code(drift.status)
          break
        case 'binary-file': {
          // The file itself, as application/pdf, where the document says base64 inside JSON.
          const file = Buffer.from(String(body[drift.field] ?? ''), 'base64')
          reply.header('content-type', 'application/pdf')
          return file
        }
      }
    }
    return JSON.stringify(body)
  })
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 })
  return { app, baseUrl }
}
