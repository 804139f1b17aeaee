/**
 * Secret comparison that takes the same time whether the first or the last character differs, and whatever
 * the lengths: both sides are hashed to 32 bytes before `timingSafeEqual`.
 */
import { createHash, timingSafeEqual } from 'node:crypto'

/**
 * @example
 * sameSecret(given, client.clientSecret) // true only for the exact secret
 */
export function sameSecret (given: string, expected: string): boolean {
  const digest = (value: string): Buffer => createHash('sha256').update(value).digest()
  return timingSafeEqual(digest(given), digest(expected))
}
