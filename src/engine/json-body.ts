/**
 * A JSON body parser for routes whose documented body may be empty (`{}` or nothing at all): an empty body
 * parses to `undefined` (the route's preValidation fills in its default) and bad JSON fails with the
 * caller's own error, so the answer keeps the API's error shape.
 */
import type { FastifyInstance } from 'fastify'

/**
 * Replaces the context's application/json parser.
 * @example
 * acceptEmptyJson(app, (reason) => mockError('GLOBAL_1000', { message: `The request body is not valid JSON (${reason}).` }))
 */
export function acceptEmptyJson (app: FastifyInstance, invalid: (reason: string) => Error): void {
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body)
    if (text.trim() === '') { done(null, undefined); return }
    try {
      done(null, JSON.parse(text))
    } catch (err) {
      done(invalid((err as Error).message), undefined)
    }
  })
}
