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
