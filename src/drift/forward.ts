/**
 * One request to the real provider with global fetch (undici): the method, the path after the /<id> prefix
 * appended to the target's own path, the query as sent, the headers minus hop-by-hop ones and `host`, and
 * the body's raw bytes. The answer comes back whole (fetch has already undone any content-encoding).
 */
import type { IncomingHttpHeaders } from 'node:http'

/** RFC 9110 §7.6.1 connection-specific headers, plus what fetch sets itself (host, content-length) or refuses (expect). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host', 'content-length', 'expect'])
/** Answer headers not passed on: hop-by-hop, and the length and encoding of bytes fetch has already decoded. */
const UNFORWARDED_ANSWER = new Set([...HOP_BY_HOP, 'content-encoding'])

export interface Answer {
  status: number
  /** Lower-case names; set-cookie apart, as it cannot be joined. */
  headers: Record<string, string>
  setCookies: string[]
  body: Buffer
}

/**
 * The URL of the provider for a request under /<id>: the target's path, then the rest of the request's.
 * @example
 * targetUrl('https://api.example.com/billing/v2', '/customers/1/bills', 'contractNumber=8') // 'https://api.example.com/billing/v2/customers/1/bills?contractNumber=8'
 */
export function targetUrl (target: string, path: string, query: string): string {
  const url = new URL(target)
  const base = url.pathname.replace(/\/+$/, '')
  return `${url.origin}${base}${path}${query === '' ? '' : `?${query}`}`
}

/**
 * The request headers the provider receives: the application's, minus hop-by-hop ones (and those the
 * `Connection` header names) and `host`.
 * @example
 * forwardedHeaders({ host: 'localhost:4010', connection: 'keep-alive', accept: 'application/json' }) // { accept: 'application/json' }
 */
export function forwardedHeaders (headers: IncomingHttpHeaders): Record<string, string> {
  const named = new Set(String(headers.connection ?? '').split(',').map((name) => name.trim().toLowerCase()).filter((name) => name !== ''))
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || named.has(name)) continue
    out[name] = Array.isArray(value) ? value.join(', ') : value
  }
  // fetch decodes these and no others (zstd, which browsers ask for, would reach the client undecoded).
  if (out['accept-encoding'] !== undefined) out['accept-encoding'] = 'gzip, deflate, br'
  return out
}

/**
 * Sends the request and reads the whole answer.
 * @example
 * const answer = await send('https://api.example.com/masstack/v2/orgs/telco/accounts/1/invoices', 'GET', { 'x-auth-roles': 'API_KEY' }, undefined, 30_000)
 */
export async function send (url: string, method: string, headers: Record<string, string>, body: Buffer | undefined, timeoutMs: number, doFetch: typeof fetch = fetch): Promise<Answer> {
  const withBody = method !== 'GET' && method !== 'HEAD' && body !== undefined && body.length > 0
  const res = await doFetch(url, {
    method,
    headers,
    ...(withBody ? { body } : {}),
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs)
  })
  const answerHeaders: Record<string, string> = {}
  res.headers.forEach((value, name) => {
    if (!UNFORWARDED_ANSWER.has(name) && name !== 'set-cookie') answerHeaders[name] = value
  })
  return { status: res.status, headers: answerHeaders, setCookies: res.headers.getSetCookie(), body: Buffer.from(await res.arrayBuffer()) }
}
