/**
 * Access tokens are signed, never stored: any replica started with the same seed (or --token-secret)
 * verifies a token another one issued, and a restart does not log anybody out.
 */
import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import type * as FastJwt from 'fast-jwt'
import { LRUCache } from 'lru-cache'
import { now, type Config } from '../config.js'
import { secretKey } from './secrets.js'
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
  /** `until`: the wall-clock instant (epoch ms) up to which the same header gets the same verdict; Infinity under a frozen --clock or for a static token. */
  | { ok: true, claims: TokenClaims, until: number }
  | { ok: false, reason: 'missing' | 'malformed' | 'invalid' | 'expired' | 'revoked', message: string }

export interface TokenService {
  /** `until`: the wall-clock instant (epoch ms) up to which the same client and scope get this same token; Infinity under a frozen --clock. */
  issue: (clientId: string, scope: string) => { token: string, claims: TokenClaims, until: number }
  verify: (authorization: string | undefined) => TokenCheck
}

/** The scope of a client or static token that names none. */
export const DEFAULT_SCOPE = 'read'

/**
 * The token a fixture client gets from the token endpoint, with the scope it was issued for (the client's
 * own, DEFAULT_SCOPE when it names none).
 * @example
 * const { token, scope } = issueForClient(tokens, { clientId: 'qa-client' })
 */
export function issueForClient (tokens: TokenService, client: { clientId: string, scope?: string }): ReturnType<TokenService['issue']> & { scope: string } {
  const scope = client.scope ?? DEFAULT_SCOPE
  return { ...tokens.issue(client.clientId, scope), scope }
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
  /** Keyed by `secretKey(token)`. */
  staticTokens: () => ReadonlyMap<string, StaticTokenFixture> = () => new Map()
): TokenService {
  const key = createHash('sha256').update(config.tokenSecret ?? `billing-mocks token key, seed ${config.seed}`).digest()
  // fast-jwt loads with the first token, not at start-up (it and its ASN.1 dependency are some 25 modules).
  let jwt: { sign: (payload: TokenClaims) => string, verify: (token: string) => unknown } | undefined
  const fastJwt = (): NonNullable<typeof jwt> => {
    if (jwt !== undefined) return jwt
    const { createSigner, createVerifier } = createRequire(import.meta.url)('fast-jwt') as typeof FastJwt
    // Expiry is checked here against the server clock, which --clock may freeze.
    jwt = { sign: createSigner({ key, algorithm: 'HS256', noTimestamp: true }), verify: createVerifier({ key, algorithms: ['HS256'], ignoreExpiration: true }) }
    return jwt
  }
  // Each token is checked once: what a signature check found is kept, keyed by the token itself. Not fast-jwt's
  // own cache: its default key hashes the token (costing about what it saves), and a custom key makes it print
  // a security warning at every start.
  const checked = new LRUCache<string, { claims: TokenClaims } | { invalid: true }>({ max: 1000 })
  const decode = (token: string): TokenClaims => {
    let known = checked.get(token)
    if (known === undefined) {
      try {
        known = { claims: fastJwt().verify(token) as TokenClaims }
      } catch {
        known = { invalid: true }
      }
      checked.set(token, known)
    }
    if ('invalid' in known) throw new Error('invalid token')
    return known.claims
  }
  // Tokens carry second-resolution times, so a client asking again within the second gets the same one:
  // signed once.
  const signed = new LRUCache<string, string>({ max: 100 })

  return {
    issue (clientId, scope) {
      const iat = Math.floor(now(config).getTime() / 1000)
      const claims: TokenClaims = { sub: clientId, scope, iat, exp: iat + config.tokenTtl }
      const cacheKey = `${clientId}\u0000${scope}\u0000${iat}`
      let token = signed.get(cacheKey)
      if (token === undefined) {
        token = fastJwt().sign({ ...claims })
        signed.set(cacheKey, token)
      }
      return { token, claims, until: config.clock === undefined ? (iat + 1) * 1000 : Infinity }
    },
    verify (authorization) {
      if (authorization === undefined || authorization.trim() === '') {
        return { ok: false, reason: 'missing', message: 'The Authorization header is missing. Send "Authorization: Bearer <access_token>" with a token from POST /oauth/client_credential/accesstoken.' }
      }
      const token = bearerToken(authorization)
      if (token === undefined) {
        return { ok: false, reason: 'malformed', message: 'The Authorization header is not a bearer token. Send "Authorization: Bearer <access_token>".' }
      }
      const fixedTokens = staticTokens()
      const fixed = fixedTokens.size === 0 ? undefined : fixedTokens.get(secretKey(token))
      if (fixed !== undefined) {
        const state = fixed.state ?? 'valid'
        if (state !== 'valid') return { ok: false, reason: state, message: REFUSED_TOKEN[state] }
        return { ok: true, claims: { sub: fixed.clientId, scope: fixed.scope ?? DEFAULT_SCOPE, iat: 0, exp: Number.MAX_SAFE_INTEGER }, until: Infinity }
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
      return { ok: true, claims, until: config.clock === undefined ? claims.exp * 1000 : Infinity }
    }
  }
}
