/**
 * Access tokens are signed, never stored: any replica started with the same seed (or --token-secret)
 * verifies a token another one issued, and a restart does not log anybody out.
 */
import { createHash } from 'node:crypto'
import { createSigner, createVerifier } from 'fast-jwt'
import { now, type Config } from '../config.js'
import type { StaticTokenFixture } from '../world/fixtures.js'

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
  | { ok: false, reason: 'missing' | 'malformed' | 'invalid' | 'expired' | 'revoked', message: string }

export interface TokenService {
  issue: (clientId: string, scope: string) => { token: string, claims: TokenClaims }
  verify: (authorization: string | undefined) => TokenCheck
}

/**
 * The token of an `Authorization: Bearer <token>` header, or undefined for anything else.
 * @example
 * bearerToken('Bearer abc.def') // 'abc.def'
 */
export function bearerToken (authorization: string | string[] | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(String(authorization ?? ''))?.[1]
}

/** The refusals a scenario (`token: expired | revoked`) or a static token's `state` produces. */
export const REFUSED_TOKEN = {
  expired: 'The access token has expired. Request a new one from POST /oauth/client_credential/accesstoken.',
  revoked: 'The access token has been revoked. Request a new one from POST /oauth/client_credential/accesstoken.'
} as const

/**
 * Signs and verifies bearer tokens (HS256 JWTs, opaque to clients as Apigee's are). Static tokens of the
 * fixture files (`tokens:`) are looked up first, so QA can use a fixed value that never expires, or one that
 * is always expired or revoked.
 * @example
 * const tokens = createTokenService(config)
 * const { token } = tokens.issue('qa-client', 'read')
 * tokens.verify(`Bearer ${token}`) // { ok: true, claims: { sub: 'qa-client', ... } }
 */
export function createTokenService (
  config: Pick<Config, 'seed' | 'tokenSecret' | 'tokenTtl' | 'clock'>,
  staticTokens: () => ReadonlyMap<string, StaticTokenFixture> = () => new Map()
): TokenService {
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
      const token = bearerToken(authorization)
      if (token === undefined) {
        return { ok: false, reason: 'malformed', message: 'The Authorization header is not a bearer token. Send "Authorization: Bearer <access_token>".' }
      }
      const fixed = staticTokens().get(token)
      if (fixed !== undefined) {
        const state = fixed.state ?? 'valid'
        if (state !== 'valid') return { ok: false, reason: state, message: REFUSED_TOKEN[state] }
        return { ok: true, claims: { sub: fixed.clientId, scope: fixed.scope ?? 'read', iat: 0, exp: Number.MAX_SAFE_INTEGER } }
      }
      let claims: TokenClaims
      try {
        claims = decode(token) as TokenClaims
      } catch {
        return { ok: false, reason: 'invalid', message: 'The access token is invalid: it was not issued by this server (or by one with another seed or --token-secret). Request a new one.' }
      }
      if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now(config).getTime()) {
        return { ok: false, reason: 'expired', message: REFUSED_TOKEN.expired }
      }
      return { ok: true, claims }
    }
  }
}
