/**
 * The OpenAPI security scheme of the APIs behind the Tigo/Apigee token URL (documents 000 and 001):
 * OAuth 2.0 client credentials ("application" flow), scope "read". The token URL is this server's.
 */
import type { OpenApiSecurityScheme } from '../engine/define-mock.js'
import { TOKEN_PATH } from './token-endpoint.js'

/**
 * @example
 * securitySchemes: { application: clientCredentialsScheme('customer bills') }
 */
export function clientCredentialsScheme (readScope: string): OpenApiSecurityScheme {
  return {
    type: 'oauth2',
    description: `Client credentials: POST ${TOKEN_PATH}?grant_type=client_credentials with HTTP Basic (qa-client / qa-secret in fixtures/default.yaml), then "Authorization: Bearer <access_token>".`,
    flows: {
      clientCredentials: {
        tokenUrl: `${TOKEN_PATH}?grant_type=client_credentials`,
        scopes: { read: readScope }
      }
    }
  }
}

/**
 * A plain bearer scheme (for APIs whose document shows only `Authorization: Bearer {TOKEN}`); the tokens
 * come from the same token endpoint.
 * @example
 * securitySchemes: { bearer: bearerScheme() }
 */
export function bearerScheme (): OpenApiSecurityScheme {
  return {
    type: 'http',
    scheme: 'bearer',
    description: `A token from POST ${TOKEN_PATH}?grant_type=client_credentials (HTTP Basic qa-client / qa-secret).`
  }
}
