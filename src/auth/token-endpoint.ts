/**
 * `POST /oauth/client_credential/accesstoken?grant_type=client_credentials`, the token URL of the Tigo
 * documents (000, 001), an Apigee OAuthV2 proxy. Its answers mirror Apigee's: string-typed `expires_in` and
 * `issued_at` (milliseconds), `token_type: "BearerToken"`, `status: "approved"`; its errors carry Apigee's
 * `{ErrorCode, Error}` and RFC 6749's `{error, error_description}` side by side so either kind of client
 * can read them.
 */
import formbody from '@fastify/formbody'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '../typebox.js'
import { now, type Config } from '../config.js'
import type { ErrorResponse } from '../engine/define-mock.js'
import { limitResponses } from '../engine/limits.js'
import { collectRoutes } from '../engine/method-guard.js'
import { classifyError, clientWentAway, goneQuietly, isMockError, mockError } from '../engine/mock-error.js'
import { replayableUntil } from '../engine/replay-marks.js'
import type { ClientFixture } from '../world/fixtures.js'
import { sameSecret } from './secrets.js'
import { issueForClient, type TokenService } from './tokens.js'

import { TOKEN_PATH } from './token-path.js'

export { TOKEN_PATH }

export const AccessTokenSchema = Type.Object({
  refresh_token_expires_in: Type.String({ description: 'Always "0": the client-credentials grant issues no refresh token.' }),
  api_product_list: Type.String(),
  api_product_list_json: Type.Array(Type.String()),
  organization_name: Type.String(),
  'developer.email': Type.String(),
  token_type: Type.String({ description: 'Apigee answers "BearerToken"; send the token as "Authorization: Bearer <access_token>".' }),
  issued_at: Type.String({ description: 'Issue instant, milliseconds since the epoch (a string, as Apigee sends it).' }),
  client_id: Type.String(),
  access_token: Type.String(),
  application_name: Type.String(),
  scope: Type.String(),
  expires_in: Type.String({ description: 'Lifetime in seconds (a string, as Apigee sends it).' }),
  refresh_count: Type.String(),
  status: Type.String({ description: '"approved"' })
})

export const OAuthErrorSchema = Type.Object({
  ErrorCode: Type.String({ description: 'Apigee\'s fault code, e.g. invalid_client.' }),
  Error: Type.String({ description: 'Apigee\'s fault message.' }),
  error: Type.String({ description: 'RFC 6749 error code (same value as ErrorCode).' }),
  error_description: Type.String({ description: 'What failed and how to fix it.' })
})

const OAUTH_ERRORS = {
  invalid_request: 400,
  unsupported_grant_type: 400,
  invalid_client: 401
} as const

type OAuthErrorCode = keyof typeof OAUTH_ERRORS

interface TokenEndpointOptions {
  config: Config
  /** The OAuth clients of the fixtures in force (a reload may change them). */
  clients: () => ReadonlyMap<string, ClientFixture>
  tokens: TokenService
}

const tokenEndpoint: FastifyPluginAsyncTypebox<TokenEndpointOptions> = async (app, { config, clients, tokens }) => {
  await app.register(formbody)

  app.setErrorHandler((err, request, reply) => {
    if (clientWentAway(err, request.raw)) return goneQuietly(request, reply)
    const { status, body, headers } = oauthErrorResponse(err)
    if (status >= 500) request.log.error({ err }, 'token endpoint failed')
    return reply.code(status).headers(headers ?? {}).send(body)
  })

  const guardMethods = collectRoutes(app)
  app.post(TOKEN_PATH, {
    schema: {
      operationId: 'getAccessToken',
      summary: 'OAuth 2.0 client-credentials token (Apigee)',
      description: 'Credentials as HTTP Basic (`Authorization: Basic base64(client_id:client_secret)`) or as form fields `client_id` and `client_secret`. The token is accepted by every API that takes a bearer token.',
      tags: ['OAuth'],
      // HTTP Basic, or nothing: the credentials may come as form fields instead.
      security: [{ clientBasic: [] }, {}],
      querystring: Type.Object({ grant_type: Type.Optional(Type.String()) }),
      consumes: ['application/x-www-form-urlencoded'],
      body: Type.Optional(Type.Object({
        grant_type: Type.Optional(Type.String()),
        client_id: Type.Optional(Type.String()),
        client_secret: Type.Optional(Type.String())
      })),
      response: {
        200: AccessTokenSchema,
        400: { ...OAuthErrorSchema, description: 'invalid_request (grant_type missing, unreadable body) or unsupported_grant_type' },
        401: { ...OAuthErrorSchema, description: 'invalid_client: unknown client or wrong secret (the same answer for both)' },
        ...limitResponses(OAuthErrorSchema, { body: true, method: 'POST' })
      }
    },
    // The same request within the same second gets the same token (src/auth/tokens.ts): its answer may be replayed.
    config: { replay: true },
    // Credentials may come only in the Basic header and grant_type in the URL: an empty body is fine.
    preValidation: (request, _reply, done) => {
      request.body ??= {}
      done()
    }
  }, async function (request) {
    const grantType = request.query.grant_type ?? request.body?.grant_type
    if (grantType === undefined || grantType === '') {
      throw mockError('invalid_request', { message: 'Required parameter grant_type is missing. Add ?grant_type=client_credentials to the URL.' })
    }
    if (grantType !== 'client_credentials') {
      throw mockError('unsupported_grant_type', { message: `Unsupported grant type "${grantType}": this token URL issues client_credentials tokens only.` })
    }

    const credentials = basicCredentials(request.headers.authorization) ?? { id: request.body?.client_id, secret: request.body?.client_secret }
    if (credentials.id === undefined || credentials.secret === undefined) {
      throw mockError('invalid_client', { message: 'Client credentials are missing. Send them as HTTP Basic or as form fields client_id and client_secret.' })
    }
    const client = clients().get(credentials.id)
    // Compare even for an unknown client, so timing does not reveal which clients exist.
    const secretMatches = sameSecret(credentials.secret, client?.clientSecret ?? '\u0000unknown client')
    if (client === undefined || !secretMatches) {
      throw mockError('invalid_client', { message: 'Client authentication failed: unknown client_id or wrong client_secret. The clients are listed in the fixture files (qa-client in fixtures/default.yaml).' })
    }

    const { token, claims, until, scope } = issueForClient(tokens, client)
    replayableUntil(request, until)
    const issuedAt = config.clock === undefined ? claims.iat * 1000 : now(config).getTime()
    return {
      refresh_token_expires_in: '0',
      api_product_list: '[billing-mocks]',
      api_product_list_json: ['billing-mocks'],
      organization_name: 'billing-mocks',
      'developer.email': `${client.clientId}@billing-mocks.local`,
      token_type: 'BearerToken',
      issued_at: String(issuedAt),
      client_id: client.clientId,
      access_token: token,
      application_name: client.name ?? client.clientId,
      scope,
      expires_in: String(claims.exp - claims.iat),
      refresh_count: '0',
      status: 'approved'
    }
  })
  guardMethods()
}

const READ_HINT = 'Send grant_type=client_credentials and the client credentials as HTTP Basic or form fields (application/x-www-form-urlencoded).'

/**
 * Any failure of the token endpoint as Apigee's and RFC 6749's error body: its own refusals with their
 * status, an unreadable or invalid request as 400 invalid_request (RFC 6749 §5.2), the server's limits and a
 * wrong method with their own status (413, 414, 431, 405) and invalid_request, anything else 500.
 * @example
 * oauthErrorResponse(mockError('invalid_client', { message: 'unknown client' })) // { status: 401, body: { ErrorCode: 'invalid_client', … } }
 */
export function oauthErrorResponse (err: unknown): ErrorResponse {
  let code: OAuthErrorCode = 'invalid_request'
  let status: number
  let description: string
  const headers: Record<string, string> = { ...(isMockError(err) ? err.detail.headers : {}) }
  if (isMockError(err) && Object.hasOwn(OAUTH_ERRORS, err.code)) {
    code = err.code as OAuthErrorCode
    status = OAUTH_ERRORS[code]
    description = err.message
  } else {
    const classified = classifyError(err, {})
    if (classified.code === 'INTERNAL') {
      return { status: 500, body: { ErrorCode: 'server_error', Error: 'Internal error', error: 'server_error', error_description: 'The token endpoint failed unexpectedly; see the server log.' } }
    }
    const unreadable = classified.code === 'VALIDATION' || classified.code === 'BAD_REQUEST_BODY' || classified.code === 'BAD_URL'
    status = unreadable ? 400 : classified.status
    description = unreadable ? `The token request could not be read: ${classified.message}. ${READ_HINT}` : classified.message
  }
  if (code === 'invalid_client') headers['www-authenticate'] = 'Basic realm="billing-mocks"'
  return { status, body: { ErrorCode: code, Error: APIGEE_MESSAGES[code], error: code, error_description: description }, headers }
}

const APIGEE_MESSAGES: Record<OAuthErrorCode, string> = {
  invalid_request: 'Invalid request',
  unsupported_grant_type: 'Unsupported grant type',
  invalid_client: 'ClientId is Invalid'
}

function basicCredentials (authorization: string | undefined): { id: string, secret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '')
  if (match?.[1] === undefined) return undefined
  const decoded = Buffer.from(match[1], 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return undefined
  return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) }
}

/** RFC 6749 §2.3.1 form-encodes Basic credentials; a stray "%" is taken literally rather than failing. */
function formDecode (value: string): string {
  try {
    return decodeURIComponent(value.replaceAll('+', ' '))
  } catch {
    return value
  }
}

export default tokenEndpoint
