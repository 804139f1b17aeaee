/**
 * Access tokens are signed, never stored: any replica started with the same seed (or --token-secret)
 * verifies a token another one issued, and a restart does not log anybody out.
 */
import { createHash } from 'node:crypto'
import { createSigner, createVerifier } from 'fast-jwt'
import { now, type Config } from '../config.js'

export interface TokenClaims {
  /** The OAuth client the token was issued to. */
  sub: string
  scope: string
  /** Issue and expiry instants, in seconds since the epoch. */
  iat: number
  exp: number
}

export type TokenCheck =
  | { ok: true, claims: TokenClaims }
  | { ok: false, reason: 'missing' | 'malformed' | 'invalid' | 'expired', message: string }

export interface TokenService {
  issue: (clientId: string, scope: string) => { token: string, claims: TokenClaims }
  verify: (authorization: string | undefined) => TokenCheck
}

/**
 * Signs and verifies bearer tokens (HS256 JWTs, opaque to clients as Apigee's are).
 * @example
 * const tokens = createTokenService(config)
 * const { token } = tokens.issue('qa-client', 'read')
 * tokens.verify(`Bearer ${token}`) // { ok: true, claims: { sub: 'qa-client', ... } }
 */
export function createTokenService (config: Pick<Config, 'seed' | 'tokenSecret' | 'tokenTtl' | 'clock'>): TokenService {
  const key = createHash('sha256').update(config.tokenSecret ?? `billing-mocks token key, seed ${config.seed}`).digest()
  const sign = createSigner({ key, algorithm: 'HS256', noTimestamp: true })
  // Expiry is checked here against the server clock, which --clock may freeze.
  const decode = createVerifier({ key, algorithms: ['HS256'], ignoreExpiration: true, cache: 1000 })

  return {
    issue (clientId, scope) {
      const iat = Math.floor(now(config).getTime() / 1000)
      const claims: TokenClaims = { sub: clientId, scope, iat, exp: iat + config.tokenTtl }
      return { token: sign({ ...claims }), claims }
    },
    verify (authorization) {
      if (authorization === undefined || authorization.trim() === '') {
        return { ok: false, reason: 'missing', message: 'The Authorization header is missing. Send "Authorization: Bearer <access_token>" with a token from POST /oauth/client_credential/accesstoken.' }
      }
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization)
      if (match?.[1] === undefined) {
        return { ok: false, reason: 'malformed', message: 'The Authorization header is not a bearer token. Send "Authorization: Bearer <access_token>".' }
      }
      let claims: TokenClaims
      try {
        claims = decode(match[1]) as TokenClaims
      } catch {
        return { ok: false, reason: 'invalid', message: 'The access token is invalid: it was not issued by this server (or by one with another seed or --token-secret). Request a new one.' }
      }
      if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now(config).getTime()) {
        return { ok: false, reason: 'expired', message: 'The access token has expired. Request a new one from POST /oauth/client_credential/accesstoken.' }
      }
      return { ok: true, claims }
    }
  }
}
