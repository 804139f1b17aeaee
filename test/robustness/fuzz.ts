/**
 * fast-check arbitraries for malformed requests: each one starts from a request a route answers with 200
 * and breaks some of its parts — the path, the query, the headers, the body, the method — with odd values:
 * wrong types, huge values, deeply nested JSON, invalid UTF-8 (raw bytes and `%FF` escapes), odd Unicode
 * (astral, bidi, combining, lone surrogates), empty values and wrong content types.
 */
import fc from 'fast-check'
import type { InjectOptions } from 'fastify'

/** A request that succeeds, split into the parts the arbitraries break. */
export interface BaseRequest {
  method: string
  /** Path segments; `/` between them, each already URL-encoded. */
  segments: string[]
  /** Which segments are path parameters (broken more often than the literal ones). */
  params: number[]
  query: Record<string, string>
  headers: Record<string, string>
  /** The body as sent: its content type and bytes. */
  body?: { contentType: string, payload: string }
}

/** What one generated input changes in the base request. */
export interface Mutation {
  method?: string
  path?: { kind: 'param' | 'insert' | 'drop' | 'append', at: number, value: string }
  query?: Array<{ kind: 'set' | 'delete' | 'repeat', name: string, value: string }>
  headers?: Array<{ name: string, value: string | undefined }>
  body?: { contentType: string | undefined, payload: string | Buffer }
}

const ODD_TEXT = [
  '', ' ', '0', '-1', '1.5', '1e309', 'NaN', 'Infinity', 'null', 'true', '[]', '{}', '"', "'", '\\', '<script>', '#{x}',
  '%', '%%', '%zz', '%FF', '%C0%AF', '%ED%A0%80', '%00', '%2F', '%2e%2e', '..', '../..', '//', '.', '~', '?', '#', '&', '=', ';',
  '\u0000', '\u200B', '\u202E', '\uFEFF', '\uFFFD', 'Ω', 'é', 'e\u0301', '😀', '👩‍👩‍👧', '𝔘𝔫𝔦', '中文', 'ﷺ', '\u0085', '\u2028',
  '9'.repeat(30), '-'.repeat(200), 'a'.repeat(101), '0x1F', '1_000', '+1', ' 1', '2026-02-30', '2026-13-01', '0000-00-00',
  'CLIENT_NUMBER ', 'client_number', 'API_KEY', 'Bearer', '__proto__', 'constructor', 'toString'
]

/** A lone UTF-16 surrogate, which is no valid Unicode text at all. */
const loneSurrogate = fc.integer({ min: 0xD800, max: 0xDFFF }).map((code) => String.fromCharCode(code))

/** Odd text: edge-case constants, any code point, graphemes, lone surrogates, and very long strings. */
export const oddText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ODD_TEXT) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.oneof(loneSurrogate, fc.constantFrom('a', '1', '%')), minLength: 1, maxLength: 6 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('a', '9', '%', 'é', '😀', '%FF'), fc.integer({ min: 200, max: 6000 })).map(([unit, times]) => unit.repeat(times)) },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.bigInt()).map(String) }
)

/**
 * A URL-ready form of odd text: usually percent-encoded (lone surrogates become the invalid `%ED%A0%80`),
 * sometimes raw when it is plain ASCII, so `%zz`, `%FF` and `..` reach the router as sent.
 */
export const urlText: fc.Arbitrary<string> = fc.tuple(oddText, fc.boolean()).map(([text, raw]) => {
  if (raw && /^[\x21-\x7e]*$/.test(text) && !/[?#/]/.test(text)) return text
  return encodeLoose(text)
})

function encodeLoose (text: string): string {
  try {
    return encodeURIComponent(text)
  } catch {
    // encodeURIComponent refuses lone surrogates; send their WTF-8 bytes, which are not valid UTF-8.
    return [...text].map((char) => {
      const code = char.charCodeAt(0)
      if (char.length === 1 && code >= 0xD800 && code <= 0xDFFF) return `%ED%${(0xA0 + ((code >> 6) & 0x1F)).toString(16).toUpperCase()}%${(0x80 + (code & 0x3F)).toString(16).toUpperCase()}`
      return encodeURIComponent(char)
    }).join('')
  }
}

/** Methods Node's parser accepts; the router knows some of them. */
export const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'PROPFIND', 'SEARCH', 'LOCK', 'PURGE', 'MKCOL', 'REPORT'] as const

/** Header names worth breaking: those the mocks read, plus some they do not. */
const HEADER_NAMES = [
  'authorization', 'content-type', 'accept', 'prefer', 'x-mock-scenario', 'x-auth-roles', 'origin', 'cookie', 'x-admin-token',
  'accept-encoding', 'accept-language', 'if-none-match', 'range', 'x-forwarded-for', 'x-request-id', 'user-agent', 'x-test-run', 'host-ish'
]

/** Header values as they can arrive over HTTP/1.1: visible ASCII, spaces, tabs and obs-text bytes (Latin-1). */
const headerValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', ' ', 'Bearer', 'Bearer ', 'Bearer x', 'Basic', 'Basic !!!', 'Basic Og==', 'Basic OnNlY3JldA==', 'Basic YTpi', 'Bearer a.b.c', 'Bearer eyJhbGciOiJub25lIn0.e30.',
    'code=500x', 'code=', 'code=999', 'code=abc, seed=-1', 'seed=99999999999', 'dynamic=maybe', 'code=404;code=400', '*/*', 'text/html', 'application/json; charset=utf-16',
    'http://evil.example', 'null', 'CUSTOMER_9999', 'x'.repeat(2000)),
  fc.string({ unit: fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }), fc.constant(9)).map((code) => String.fromCharCode(code)), maxLength: 60 })
)

export const headerMutations: fc.Arbitrary<Mutation['headers']> = fc.array(
  fc.record({
    name: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...HEADER_NAMES) }, { weight: 1, arbitrary: fc.stringMatching(/^x-[a-z0-9-]{1,20}$/) }),
    // Mostly a new value; sometimes the header removed.
    value: sometimes(headerValue, 5, 1)
  }),
  { minLength: 1, maxLength: 3 }
)

/** JSON nested `depth` levels deep: arrays, objects, or both alternating. */
export const deepJson: fc.Arbitrary<string> = fc.tuple(fc.integer({ min: 50, max: 30_000 }), fc.constantFrom('array', 'object', 'mixed')).map(([depth, kind]) => {
  if (kind === 'array') return '['.repeat(depth) + ']'.repeat(depth)
  if (kind === 'object') return '{"id":'.repeat(depth) + '1' + '}'.repeat(depth)
  return '{"id":['.repeat(depth) + ']}'.repeat(depth)
})

const ODD_BODIES = [
  '', ' ', 'null', 'true', '0', '"x"', '[]', '{}', '{', '[1,', '{"id":', '{"id":5}', '{"id":{"a":1}}', '{"id":[null,1,true,{}]}', '{"id":"x"}',
  '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}', '{"id":["aaaaaaaa-0000-4000-8000-000000000001"],"id":5}', '\uFEFF{}', '{"a":1}garbage',
  'grant_type=client_credentials&client_id=qa-client', 'a=%FF&b=%zz&&=&c', '{"times":-1}', '{"times":1e309}', '{"state":""}', '{"api":1,"route":[]}',
  '{"scenario":"nope","outcome":{"status":999}}', '{"match":{"headers":{"a":1}}}', '{"outcome":{"latency":{"fixed":-5}}}', '{"outcome":{"fault":"nope"}}',
  '{"state":"x","params":"y","action":"teardown"}'
]

/** Bodies: JSON of the wrong type or shape, huge, deeply nested, invalid UTF-8, odd Unicode, empty, not JSON. */
export const bodyPayload: fc.Arbitrary<string | Buffer> = fc.oneof(
  { weight: 3, arbitrary: fc.json({ maxDepth: 4 }) },
  { weight: 2, arbitrary: fc.constantFrom(...ODD_BODIES) },
  { weight: 1, arbitrary: deepJson },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => Buffer.from(bytes)) },
  { weight: 1, arbitrary: fc.constantFrom(Buffer.from([0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), Buffer.from([0xc0, 0xaf]), Buffer.from([0xed, 0xa0, 0x80])) },
  { weight: 1, arbitrary: oddText.map((text) => JSON.stringify({ id: [text], grant_type: text, client_id: text, client_secret: text, state: text, scenario: text })) },
  { weight: 1, arbitrary: fc.integer({ min: 10_000, max: 200_000 }).map((size) => JSON.stringify({ id: ['a'.repeat(size)] })) },
  { weight: 1, arbitrary: fc.integer({ min: 21, max: 3000 }).map((count) => JSON.stringify({ id: Array.from({ length: count }, () => 'aaaaaaaa-0000-4000-8000-000000000001') })) }
)

export const contentType: fc.Arbitrary<string | undefined> = fc.constantFrom(
  undefined, 'application/json', 'application/json; charset=utf-8', 'application/json; charset=utf-16', 'APPLICATION/JSON', 'application/vnd.api+json',
  'application/x-www-form-urlencoded', 'text/plain', 'text/html', 'application/xml', 'multipart/form-data; boundary=x', 'application/octet-stream',
  '', ';', 'application/', '*/*', 'application/json;;', 'application/json; charset="', 'image/png'
)

/** One generated input: some parts of the base request broken, at least one. */
export function mutations (base: BaseRequest): fc.Arbitrary<Mutation> {
  const segments = base.segments.length
  const path: fc.Arbitrary<NonNullable<Mutation['path']>> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant<'param'>('param'), at: base.params.length === 0 ? fc.constant(segments - 1) : fc.constantFrom(...base.params), value: urlText }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom<'insert' | 'drop' | 'append'>('insert', 'drop', 'append'), at: fc.integer({ min: 1, max: Math.max(1, segments - 1) }), value: urlText }) }
  )
  const queryNames = [...Object.keys(base.query), '__code', '__seed', '__dynamic', 'page', 'limit', 'x']
  const query = fc.array(fc.record({
    kind: fc.constantFrom<'set' | 'delete' | 'repeat'>('set', 'set', 'set', 'delete', 'repeat'),
    name: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...queryNames) }, { weight: 1, arbitrary: urlText }),
    value: urlText
  }), { minLength: 1, maxLength: 3 })
  const body = fc.record({ contentType, payload: bodyPayload })
  return fc.record({
    method: sometimes(fc.constantFrom(...METHODS), 1, 5),
    path: sometimes(path, 1, 1),
    query: sometimes(query, 1, 1),
    headers: sometimes(headerMutations, 1, 1),
    body: sometimes(body, 1, base.body === undefined ? 2 : 1)
  }).filter((mutation) => Object.values(mutation).some((part) => part !== undefined))
}

/** `arbitrary` in `weight` cases out of `weight + otherwise`, undefined in the others. */
function sometimes<T> (arbitrary: fc.Arbitrary<T>, weight: number, otherwise: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: otherwise, arbitrary: fc.constant(undefined) }, { weight, arbitrary })
}

/**
 * The inject options of the base request with the mutation applied.
 * @example
 * const res = await app.inject(applyMutation(base, { method: 'DELETE' }))
 */
export function applyMutation (base: BaseRequest, mutation: Mutation): InjectOptions & { url: string, headers: Record<string, string> } {
  const segments = [...base.segments]
  const path = mutation.path
  if (path !== undefined) {
    if (path.kind === 'param') segments[path.at] = path.value
    else if (path.kind === 'insert') segments.splice(path.at, 0, path.value)
    else if (path.kind === 'drop') segments.splice(path.at, 1)
    else segments[path.at] = `${segments[path.at] ?? ''}${path.value}`
  }
  // A dot segment (`..`, `%2e`) would leave the API's prefix once the URL is resolved, as inject and every
  // HTTP client do: keep it a plain odd segment.
  for (const [index, segment] of segments.entries()) {
    if (/^(\.|%2e){1,2}$/i.test(segment)) segments[index] = `${segment}~`
  }
  const query: Array<[string, string]> = Object.entries(base.query).map(([name, value]) => [encodeURIComponent(name), encodeURIComponent(value)])
  for (const change of mutation.query ?? []) {
    const name = /%|^[\w.~-]*$/.test(change.name) ? change.name : encodeURIComponent(change.name)
    const at = query.findIndex(([key]) => key === name)
    if (change.kind === 'delete') { if (at >= 0) query.splice(at, 1) } else if (change.kind === 'repeat' || at < 0) query.push([name, change.value])
    else query[at] = [name, change.value]
  }
  const headers: Record<string, string> = { ...base.headers }
  let payload: string | Buffer | undefined = base.body?.payload
  if (base.body !== undefined) headers['content-type'] = base.body.contentType
  if (mutation.body !== undefined) {
    payload = mutation.body.payload
    if (mutation.body.contentType === undefined) delete headers['content-type']
    else headers['content-type'] = mutation.body.contentType
  }
  for (const { name, value } of mutation.headers ?? []) {
    if (value === undefined) delete headers[name]
    else headers[name] = value
  }
  const search = query.map(([name, value]) => `${name}=${value}`).join('&')
  return {
    method: (mutation.method ?? base.method) as InjectOptions['method'],
    url: `/${segments.join('/')}${search === '' ? '' : `?${search}`}`,
    headers,
    ...(payload === undefined ? {} : { payload })
  }
}
