/**
 * The one HTTP helper the typed clients share: base URL, timeout, bearer token, JSON in and out, and an
 * `ApiError` carrying the status and the API's own error body for anything but 2xx.
 */
import { ApiError } from './api-error.js'
import type { TokenProvider } from './token-provider.js'

export { ApiError }

export interface ClientOptions {
  /** The API's base URL, prefix included: `http://127.0.0.1:4010/bo-billing`, or the real provider's. */
  baseUrl: string
  /** Where bearer tokens come from (APIs that take one). */
  tokens?: TokenProvider
  /** Per request, in milliseconds (default 10000). */
  timeoutMs?: number
  /** Extra headers on every request (e.g. a test run id for scenario matching). */
  headers?: Record<string, string>
  fetch?: typeof globalThis.fetch
}

export interface CallOptions {
  method: 'GET' | 'POST'
  path: string
  query?: Record<string, string | number | undefined>
  headers?: Record<string, string>
  body?: unknown
  /** Send the bearer token (default true when the client has a token provider). */
  auth?: boolean
}

export interface Answer<T> {
  status: number
  headers: Headers
  body: T
}

/**
 * Sends one request and parses the JSON answer; throws ApiError on a non-2xx status.
 * @example
 * const { body } = await call<BillsCollection>(options, { method: 'GET', path: '/customers/CLIENT_NUMBER/70000001/bills', query: { contractNumber: 80000001 } })
 */
export async function call<T> (options: ClientOptions, request: CallOptions): Promise<Answer<T>> {
  const url = new URL(options.baseUrl.replace(/\/$/, '') + request.path)
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value))
  }
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers, ...request.headers }
  if (request.body !== undefined) headers['content-type'] = 'application/json'
  if (options.tokens !== undefined && request.auth !== false) headers.authorization = `Bearer ${await options.tokens.token()}`
  const res = await (options.fetch ?? globalThis.fetch)(url, {
    method: request.method,
    headers,
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000)
  })
  const text = await res.text()
  let body: unknown = text
  let parsed = true
  try {
    body = text === '' ? undefined : JSON.parse(text)
  } catch {
    parsed = false
  }
  if (res.status === 401) options.tokens?.invalidate()
  if (res.status < 200 || res.status >= 300) throw new ApiError(request.method, url.toString(), res.status, body)
  if (!parsed) throw new ApiError(request.method, url.toString(), res.status, text, `${request.method} ${url.toString()} answered ${res.status} with a body that is not JSON.`)
  return { status: res.status, headers: res.headers, body: body as T }
}
