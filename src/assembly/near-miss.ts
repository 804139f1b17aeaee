/**
 * WireMock's near-misses for a request no route matched: the closest documented routes and, for each, why
 * it missed (another method, a misspelt segment, a segment too many). Distances count whole segments, plus
 * a spelling distance inside a literal segment, so `/invoice` is nearer `/invoices` than `/bills` is.
 */
import { distance } from 'fastest-levenshtein'

export interface KnownRoute {
  method: string
  /** Full URL pattern with the API prefix, Fastify notation (`/masstack/v2/orgs/:orgId/...`). */
  url: string
}

export interface NearMiss {
  route: string
  /** 0 would be a match; lower is nearer. */
  distance: number
  reasons: string[]
}

/**
 * The `limit` nearest routes to a request, nearest first.
 * @example
 * nearMisses('GET', '/masstack/v2/orgs/telco/account/1/invoices', routes)[0]
 * // { route: 'GET /masstack/v2/orgs/:orgId/accounts/:accountId/invoices', distance: 0.13, reasons: ['segment 5 "account" is not "accounts"'] }
 */
export function nearMisses (method: string, path: string, routes: readonly KnownRoute[], limit = 3): NearMiss[] {
  const given = segments(path)
  return routes
    .map((route) => compare(method.toUpperCase(), given, route))
    .sort((a, b) => a.distance - b.distance || a.route.localeCompare(b.route))
    .slice(0, limit)
}

function compare (method: string, given: string[], route: KnownRoute): NearMiss {
  const expected = segments(route.url)
  const reasons: string[] = []
  let score = 0
  if (method !== route.method) {
    score += 1
    reasons.push(`method ${method}, the route takes ${route.method}`)
  }
  const length = Math.max(given.length, expected.length)
  for (let index = 0; index < length; index++) {
    const actual = given[index]
    const wanted = expected[index]
    if (wanted === undefined) {
      score += 1
      reasons.push(`segment ${index + 1} "${actual ?? ''}" is one too many`)
    } else if (actual === undefined) {
      score += 1
      reasons.push(`segment ${index + 1} (${wanted}) is missing`)
    } else if (wanted.startsWith(':')) {
      if (actual === '') {
        score += 1
        reasons.push(`segment ${index + 1} (${wanted}) is empty`)
      }
    } else if (actual !== wanted) {
      // A near spelling costs less than a whole different segment.
      score += Math.min(1, distance(actual.toLowerCase(), wanted.toLowerCase()) / Math.max(actual.length, wanted.length, 1))
      reasons.push(`segment ${index + 1} "${actual}" is not "${wanted}"`)
    }
  }
  return { route: `${route.method} ${route.url}`, distance: Math.round(score * 100) / 100, reasons }
}

function segments (path: string): string[] {
  return path.split('?')[0]?.split('/').slice(1) ?? []
}
