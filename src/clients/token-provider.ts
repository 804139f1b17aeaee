/**
 * OAuth client credentials for the APIs that take a bearer token: fetches a token from the Apigee token URL
 * (000, 001: `POST /oauth/client_credential/accesstoken?grant_type=client_credentials`, HTTP Basic), keeps
 * it, and fetches the next one shortly before it expires. Concurrent callers share one token request.
 */
import { TOKEN_PATH } from '../auth/token-path.js'
import { ApiError } from './api-error.js'

export interface TokenProvider {
  /** A valid access token, fetched or refreshed when needed. */
  token: () => Promise<string>
  /** Forgets the token (e.g. after a 401), so the next call fetches a new one. */
  invalidate: () => void
}

export interface ClientCredentials {
  /** The token URL, e.g. `http://127.0.0.1:4010/oauth/client_credential/accesstoken`. */
  tokenUrl: string
  clientId: string
  clientSecret: string
  /** Refresh this many seconds before the token expires (default 60, or a tenth of its lifetime if shorter). */
  refreshMarginSeconds?: number
  timeoutMs?: number
  /** The clock (milliseconds); tests pass their own. */
  now?: () => number
  fetch?: typeof globalThis.fetch
}

/**
 * @example
 * const tokens = clientCredentials({ tokenUrl: `${base}/oauth/client_credential/accesstoken`, clientId: 'qa-client', clientSecret: 'qa-secret' })
 * const client = createBoBillingClient({ baseUrl: `${base}/bo-billing`, tokens })
 */
export function clientCredentials (options: ClientCredentials): TokenProvider {
  const now = options.now ?? Date.now
  const doFetch = options.fetch ?? globalThis.fetch
  let current: { value: string, refreshAt: number } | undefined
  let pending: Promise<string> | undefined

  const fetchToken = async (): Promise<string> => {
    const url = new URL(options.tokenUrl)
    url.searchParams.set('grant_type', 'client_credentials')
    const credentials = Buffer.from(`${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`).toString('base64')
    const res = await doFetch(url, {
      method: 'POST',
      headers: { authorization: `Basic ${credentials}`, accept: 'application/json' },
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000)
    })
    const text = await res.text()
    if (!res.ok) throw new ApiError('POST', url.toString(), res.status, parse(text))
    const body = parse(text) as { access_token?: unknown, expires_in?: unknown }
    if (typeof body.access_token !== 'string') throw new ApiError('POST', url.toString(), res.status, body, 'The token endpoint answered no access_token.')
    // Apigee sends expires_in as a string of seconds.
    const given = Number(body.expires_in)
    const lifetime = Number.isFinite(given) && given > 0 ? given : 3600
    const margin = Math.min(options.refreshMarginSeconds ?? 60, lifetime / 10)
    current = { value: body.access_token, refreshAt: now() + (lifetime - margin) * 1000 }
    return body.access_token
  }

  return {
    async token () {
      if (current !== undefined && now() < current.refreshAt) return current.value
      pending ??= fetchToken().finally(() => { pending = undefined })
      return pending
    },
    invalidate () { current = undefined }
  }
}

/**
 * A fixed token, for a token obtained elsewhere (or a Pact mock server, which checks only its shape).
 * @example
 * const tokens = staticToken(process.env.BO_TOKEN ?? '')
 */
export function staticToken (value: string): TokenProvider {
  return { token: async () => value, invalidate: () => {} }
}

/** Credentials as the command-line tools take them: a fixed token, or a client for the provider's token URL. */
export interface CredentialOptions {
  token?: string
  clientId?: string
  clientSecret?: string
  /** Default: `<origin of baseUrl>/oauth/client_credential/accesstoken`, the Tigo token URL. */
  tokenUrl?: string
  timeoutMs?: number
}

/**
 * The token provider credential flags ask for, or undefined when they give none.
 * @example
 * const tokens = tokensFor({ clientId: 'qa-client', clientSecret: 'qa-secret' }, 'https://api.example.com/bo-billing')
 */
export function tokensFor (options: CredentialOptions, baseUrl: string): TokenProvider | undefined {
  if (options.token !== undefined) return staticToken(options.token)
  if (options.clientId === undefined || options.clientSecret === undefined) return undefined
  return clientCredentials({ tokenUrl: defaultTokenUrl(options, baseUrl), clientId: options.clientId, clientSecret: options.clientSecret, timeoutMs: options.timeoutMs })
}

/** `--token-url`, or the Tigo token URL at the provider's origin. */
export function defaultTokenUrl (options: Pick<CredentialOptions, 'tokenUrl'>, baseUrl: string): string {
  return options.tokenUrl ?? `${new URL(baseUrl).origin}${TOKEN_PATH}`
}

function parse (text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}
