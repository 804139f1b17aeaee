import Fastify, { type FastifyInstance } from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { TOKEN_PATH } from '../../src/auth/token-endpoint.js'
import prefer, { parsePrefer } from '../../src/engine/prefer.js'
import { basicAuth, buildTestApp, QA_CLIENT } from '../helpers/build-app.js'
import { expectDocumented } from '../helpers/openapi.js'

/** A bare app with the Prefer plugin and one route whose query schema rejects unknown parameters. */
async function strictApp (): Promise<FastifyInstance> {
  const app = Fastify({ ajv: { customOptions: { removeAdditional: false } } })
  onTestFinished(async () => { await app.close() })
  await app.register(prefer)
  app.get('/items', {
    schema: { querystring: { type: 'object', properties: { page: { type: 'string' } }, additionalProperties: false } }
  }, async (request) => ({ query: request.query, prefer: request.prefer }))
  return app
}

describe('parsePrefer', () => {
  it('reads each preference of the header', () => {
    const parsed = parsePrefer('code=404, dynamic=true')

    expect(parsed).toEqual({ code: '404', dynamic: 'true' })
  })

  it('lower-cases names, unquotes values and accepts ";" between preferences', () => {
    const parsed = parsePrefer('Code="500"; Seed=7')

    expect(parsed).toEqual({ code: '500', seed: '7' })
  })

  it('answers nothing for a missing or empty header', () => {
    const parsed = [parsePrefer(undefined), parsePrefer(' , ')]

    expect(parsed).toEqual([{}, {}])
  })
})

describe('Prefer and __code on requests', () => {
  it('takes __code and __seed from the query and removes them before validation', async () => {
    const app = await strictApp()

    const res = await app.inject({ url: '/items', query: { page: '2', __code: '404', __seed: '7' } })

    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ query: { page: '2' }, prefer: { code: 404, seed: 7 } })
  })

  it('lets the query parameter win over the header', async () => {
    const app = await strictApp()

    const res = await app.inject({ url: '/items?__code=500', headers: { prefer: 'code=404' } })

    expect(res.json().prefer).toEqual({ code: 500 })
  })

  it('leaves the token endpoint, which ignores Prefer, unaffected by a malformed one', async () => {
    const app = await buildTestApp()

    const res = await app.inject({
      method: 'POST',
      url: `${TOKEN_PATH}?grant_type=client_credentials`,
      headers: { authorization: basicAuth(QA_CLIENT.id, QA_CLIENT.secret), prefer: 'code=abc' }
    })

    await expectDocumented(app, 'oauth', res)
    expect(res.statusCode).toBe(200)
  })

  it('leaves /health unaffected by a malformed Prefer', async () => {
    const app = await buildTestApp()

    const res = await app.inject({ url: '/health', headers: { prefer: 'code=abc' } })

    expect(res.statusCode).toBe(200)
  })
})
