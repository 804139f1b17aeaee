/**
 * The server's limits on what one request may carry. Each one, when broken, answers a documented status in
 * the error body of the API the path names (src/assembly/edge-errors.ts), and docs/limits-and-security.md
 * lists them. The values are far above anything a real client of these APIs sends, and low enough that one
 * request cannot make the mock hold megabytes or spend seconds on it.
 */

export const LIMITS = {
  /**
   * Request body, in bytes → 413. The largest documented body is an invoice-files download of 20 invoice
   * UUIDs (about 1 KB); admin activations and Pact state changes are of the same order.
   */
  bodyBytes: 64 * 1024,
  /**
   * Request line plus headers, in bytes → 431. Node's own default (`maxHeaderSize`), set explicitly so a
   * `--max-http-header-size` flag does not change what the mock documents.
   */
  headerBytes: 16 * 1024,
  /** Path plus query, in characters → 414. Well above any documented query (hn-billing's is about 100). */
  urlLength: 8 * 1024,
  /** One path parameter, in characters → 414 (find-my-way's default; the longest documented ID is a 36-character UUID). */
  paramLength: 100,
  /**
   * Activations switched on at once → 409 (src/scenarios/registry.ts). A test suite switches on a handful per
   * test and resets between tests; a thousand is far above that, and bounds what a runaway loop can pile up.
   */
  activations: 1000
} as const

/**
 * A byte count as people read it.
 * @example
 * readableBytes(65536) // '64 KiB'
 */
export function readableBytes (bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`
}

/**
 * The responses a route documents for the limits, each in the route's own error schema: 413 when the route
 * reads a body, 414 and 431 always, and 405 for `method` (where the API has no 405 of its own).
 * @example
 * response: { 200: AnswerSchema, 400: ErrorSchema, ...limitResponses(ErrorSchema, { body: true }) }
 */
export function limitResponses<S extends object> (errorSchema: S, options: { body: boolean, method?: string }): Record<number, S & { description: string }> {
  const responses: Record<number, S & { description: string }> = {}
  if (options.method !== undefined) responses[405] = { ...errorSchema, description: `Method not allowed: the path takes ${options.method} (the Allow header says so).` }
  if (options.body) responses[413] = { ...errorSchema, description: `Payload too large: the request body is over ${readableBytes(LIMITS.bodyBytes)} (${LIMITS.bodyBytes} bytes), the mock's limit.` }
  responses[414] = { ...errorSchema, description: `URI too long: the path and query are over ${LIMITS.urlLength} characters, or a path parameter is over ${LIMITS.paramLength}.` }
  responses[431] = { ...errorSchema, description: `Request header fields too large: the request line and headers are over ${readableBytes(LIMITS.headerBytes)} (${LIMITS.headerBytes} bytes).` }
  return responses
}
