/**
 * Recorded exchanges (`recordings:` in fixture files, written by `billing-mocks proxy --record`): a request
 * that matches one is answered with the recorded status, headers and bytes, ahead of generated data. A
 * scenario chosen for the request still wins, so QA can make a recorded customer fail on demand.
 */
import { isDeepStrictEqual } from 'node:util'
import { Type, type Static } from '../typebox.js'

export const RecordingSchema = Type.Object({
  api: Type.String({ minLength: 1, description: 'The API id.' }),
  method: Type.String({ pattern: '^[A-Z]+$' }),
  path: Type.String({ pattern: '^/', description: 'The path as documented, without the /<id> prefix.' }),
  query: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'Query parameters the request must carry, with these values (and no others).' })),
  body: Type.Optional(Type.Unknown({ description: 'JSON request body the request must carry (deep equality).' })),
  response: Type.Object({
    status: Type.Integer({ minimum: 100, maximum: 599 }),
    headers: Type.Optional(Type.Record(Type.String(), Type.String())),
    body: Type.Optional(Type.String({ description: 'The body as text.' })),
    bodyBase64: Type.Optional(Type.String({ description: 'The body as bytes, base64 (binary answers).' }))
  }, { additionalProperties: false }),
  recordedAt: Type.Optional(Type.String()),
  target: Type.Optional(Type.String({ description: 'The provider it was recorded from.' })),
  note: Type.Optional(Type.String())
}, { additionalProperties: false })

export type Recording = Static<typeof RecordingSchema>

/** Headers a recording never replays: they describe the recorded connection, not the answer. */
const HOP_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'date', 'set-cookie'])

/**
 * The recording that answers a request, if any.
 * @example
 * findRecording(recordings, 'masstack', 'GET', '/v2/orgs/telco/accounts/1/invoices', { start_date: '2025-01-01' }, undefined)
 */
export function findRecording (recordings: readonly Recording[], api: string, method: string, path: string, query: Record<string, unknown>, body: unknown): Recording | undefined {
  const given = Object.fromEntries(Object.entries(query).filter(([key]) => !key.startsWith('__')).map(([key, value]) => [key, String(value)]))
  return recordings.find((recording) =>
    recording.api === api &&
    recording.method === method &&
    recording.path === path &&
    isDeepStrictEqual(recording.query ?? {}, given) &&
    (recording.body === undefined || isDeepStrictEqual(recording.body, body)))
}

/** The recorded answer: status, the headers worth replaying, and the exact bytes. */
export function recordedAnswer (recording: Recording): { status: number, headers: Record<string, string>, body: Buffer } {
  const headers = Object.fromEntries(Object.entries(recording.response.headers ?? {}).filter(([name]) => !HOP_HEADERS.has(name.toLowerCase())))
  const body = recording.response.bodyBase64 !== undefined
    ? Buffer.from(recording.response.bodyBase64, 'base64')
    : Buffer.from(recording.response.body ?? '', 'utf8')
  return { status: recording.response.status, headers, body }
}
