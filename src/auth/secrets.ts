/**
 * Secret comparison that takes the same time whether the first or the last character differs, and whatever
 * the lengths: both sides are hashed to 32 bytes before `timingSafeEqual`.
 */
import { hash, timingSafeEqual } from 'node:crypto'

/**
 * @example
 * sameSecret(given, client.clientSecret) // true only for the exact secret
 */
export function sameSecret (given: string, expected: string): boolean {
  // crypto.hash: the one-shot digest, half the cost of a createHash object per call.
  const digest = (value: string): Buffer => hash('sha256', value, 'buffer') as unknown as Buffer
  return timingSafeEqual(digest(given), digest(expected))
}

/**
 * The key a secret is looked up by (SHA-256, hex): a map of secrets keyed by their digests compares digests,
 * which a caller cannot steer one character at a time, rather than the secrets themselves.
 * @example
 * tokens.get(secretKey(bearer)) // a Map built with `[secretKey(token.token), token]`
 */
export function secretKey (secret: string): string {
  return hash('sha256', secret, 'hex')
}

/**
 * Names (headers, JSON fields, form fields, query parameters) whose values are credentials: the journal,
 * the logs and recordings never show them.
 * @example
 * SECRET_NAME.test('client_secret') // true
 */
export const SECRET_NAME = /authorization|cookie|token|secret|passw(or)?d|^pass$|^pwd$|jwt|api[-_]?key|session|credential/i

/** Longest header value the journal shows whole. */
const MAX_HEADER = 1024

/**
 * Request headers as the journal shows them: credentials masked (the scheme kept), long values cut.
 * @example
 * maskHeaders({ authorization: 'Bearer eyJ…', accept: 'application/json' }) // { authorization: 'Bearer [masked]', accept: 'application/json' }
 */
export function maskHeaders (headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    const text = Array.isArray(value) ? value.join(', ') : String(value)
    // Keep the scheme, so "Basic" vs "Bearer" stays visible; never the credentials.
    const shown = text.length > MAX_HEADER ? `${text.slice(0, MAX_HEADER)}… (${text.length} characters)` : text
    out[name] = SECRET_NAME.test(name) ? text.replace(/^(\w+\s+)?.*$/s, (_all, scheme: string | undefined) => `${scheme ?? ''}[masked]`) : shown
  }
  return out
}

/**
 * A copy of a parsed body whose secret-named fields (client_secret, access_token, password…) are masked:
 * they never reach the journal.
 * @example
 * maskSecrets({ grant_type: 'client_credentials', client_secret: 's3cr3t' }) // { grant_type: 'client_credentials', client_secret: '[masked]' }
 */
export function maskSecrets (body: object): unknown {
  return JSON.parse(JSON.stringify(body, (key, value: unknown) => SECRET_NAME.test(key) && typeof value === 'string' ? '[masked]' : value))
}

/**
 * Nor do secrets a client puts in the URL (`?client_secret=…`, `?access_token=…`); the rest stays as sent.
 * @example
 * maskQuery('/x?access_token=abc&page=2') // '/x?access_token=[masked]&page=2'
 */
export function maskQuery (url: string): string {
  const start = url.indexOf('?')
  if (start === -1) return url
  const query = url.slice(start + 1).split('&').map((pair) => {
    const separator = pair.indexOf('=')
    if (separator === -1) return pair
    let name = pair.slice(0, separator)
    try {
      name = decodeURIComponent(name.replaceAll('+', ' '))
    } catch {}
    return SECRET_NAME.test(name) ? `${pair.slice(0, separator)}=[masked]` : pair
  })
  return `${url.slice(0, start)}?${query.join('&')}`
}
