import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { describe, expect, it } from 'vitest'
import { TOKEN_PATH } from '../../src/auth/token-endpoint.js'
import { createTokenService } from '../../src/auth/tokens.js'
import { basicAuth, bearerHeader, buildTestApp, QA_CLIENT } from '../helpers/build-app.js'
import { expectDocumented } from '../helpers/openapi.js'

const url = `${TOKEN_PATH}?grant_type=client_credentials`
const basic = { authorization: basicAuth(QA_CLIENT.id, QA_CLIENT.secret) }
const form = { 'content-type': 'application/x-www-form-urlencoded' }

async function requestToken (app: FastifyInstance, options: InjectOptions): Promise<LightMyRequestResponse> {
  const res = await app.inject({ method: 'POST', url, ...options })
  await expectDocumented(app, 'oauth', res)
  return res
}

describe('POST /oauth/client_credential/accesstoken', () => {
  it('issues a token for HTTP Basic credentials', async () => {
    const app = await buildTestApp()

    const res = await requestToken(app, { headers: basic })

    expect(res.statusCode).toBe(200)
    expect(res.json().access_token).toMatch(/\S{20,}/)
  })

  it('issues a token for form credentials (application/x-www-form-urlencoded)', async () => {
    const app = await buildTestApp()

    const res = await requestToken(app, { url: TOKEN_PATH, headers: form, payload: `grant_type=client_credentials&client_id=${QA_CLIENT.id}&client_secret=${QA_CLIENT.secret}` })

    expect(res.statusCode).toBe(200)
    expect(res.json().client_id).toBe(QA_CLIENT.id)
  })

  it('answers the Apigee fields, expires_in and issued_at as strings', async () => {
    const app = await buildTestApp({ clock: '2026-03-01T10:00:00.000Z', tokenTtl: 900 })

    const res = await requestToken(app, { headers: basic })

    expect(res.json()).toMatchObject({
      token_type: 'BearerToken',
      expires_in: '900',
      issued_at: String(Date.parse('2026-03-01T10:00:00.000Z')),
      client_id: 'qa-client',
      scope: 'read',
      status: 'approved'
    })
  })

  it('answers 401 invalid_client with the same body for an unknown client and for a wrong secret', async () => {
    const app = await buildTestApp()

    const unknown = await requestToken(app, { headers: { authorization: basicAuth('nobody', QA_CLIENT.secret) } })
    const wrongSecret = await requestToken(app, { headers: { authorization: basicAuth(QA_CLIENT.id, 'wrong') } })

    expect([unknown.statusCode, wrongSecret.statusCode]).toEqual([401, 401])
    expect(unknown.json()).toMatchObject({ ErrorCode: 'invalid_client', error: 'invalid_client' })
    expect(wrongSecret.body).toBe(unknown.body)
    expect(unknown.headers['www-authenticate']).toMatch(/^Basic /)
    expect(wrongSecret.headers['www-authenticate']).toBe(unknown.headers['www-authenticate'])
  })

  it('answers 401 invalid_client when no credentials are sent', async () => {
    const app = await buildTestApp()

    const res = await requestToken(app, {})

    expect(res.statusCode).toBe(401)
    expect(res.json().error).toBe('invalid_client')
  })

  it('answers 400 invalid_request naming grant_type when it is missing', async () => {
    const app = await buildTestApp()

    const res = await requestToken(app, { url: TOKEN_PATH, headers: basic })

    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ ErrorCode: 'invalid_request', error: 'invalid_request' })
    expect(res.json().error_description).toContain('grant_type')
  })

  it('answers 400 unsupported_grant_type for grant_type=password', async () => {
    const app = await buildTestApp()

    const res = await requestToken(app, { url: `${TOKEN_PATH}?grant_type=password`, headers: basic })

    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ ErrorCode: 'unsupported_grant_type', error: 'unsupported_grant_type' })
  })

  it('issues tokens that expire tokenTtl seconds after issue', async () => {
    const app = await buildTestApp({ seed: 5, clock: '2026-03-01T10:00:00Z', tokenTtl: 60 })
    const { authorization } = await bearerHeader(app)

    const justBefore = createTokenService({ seed: 5, tokenTtl: 60, clock: '2026-03-01T10:00:59Z' }).verify(authorization)
    const after = createTokenService({ seed: 5, tokenTtl: 60, clock: '2026-03-01T10:01:01Z' }).verify(authorization)

    expect(justBefore.ok).toBe(true)
    expect(after).toMatchObject({ ok: false, reason: 'expired' })
  })
})

describe('GET /oauth/openapi.json', () => {
  it('documents the form body as optional, since HTTP Basic and ?grant_type need none', async () => {
    const app = await buildTestApp()

    const res = await app.inject({ url: '/oauth/openapi.json' })

    expect(res.json().paths[TOKEN_PATH].post.requestBody.required).not.toBe(true)
  })
})
