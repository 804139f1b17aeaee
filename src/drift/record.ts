/**
 * `billing-mocks proxy --record <dir>`: each real exchange becomes an entry of `recordings:` (RecordingSchema)
 * in `<dir>/<api>.recorded.yaml`, a fixture file the mock serves (`--fixtures`). A later exchange of the
 * same request (method, path, query, body) replaces the earlier entry. Nothing secret is written: request
 * headers are not recorded at all, credential response headers are dropped, secret fields and known
 * credentials are masked, personal data is masked by the rules of mask.ts, and file payloads are kept only
 * for the APIs `--record-files` names.
 *
 * Files are written in batches: the first exchange after a quiet spell at once, the ones that follow within
 * WRITE_EVERY_MS together at the end of it, and whatever is left when the proxy stops. Each write goes aside
 * and is renamed over the file, so a mock watching it never reads half a file.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Value } from 'typebox/value'
import { Document, isMap, parseDocument } from '../yaml.js'
import { RecordingSchema, type Recording } from '../scenarios/recordings.js'
import { fileKind } from '../documents/file-kind.js'
import { createMasker, MASKED, placeholderBytes, type MaskContext, type Masker, type MaskRules } from './mask.js'
import { SECRET_NAME } from '../auth/secrets.js'

/** A real exchange as the proxy saw it, before masking. */
export interface RealExchange {
  api: string
  /** The provider's base URL for this API (`--target`). */
  target: string
  method: string
  /** The path after the /<id> prefix, as received (percent-encoded), without the query. */
  path: string
  /** The raw query string, without `?` ('' for none). */
  query: string
  requestBody: Buffer | undefined
  requestContentType: string | undefined
  status: number
  /** The answer's headers as the proxy forwards them (lower-case names). */
  headers: Record<string, string>
  body: Buffer
  /** Literal credentials of this exchange (the bearer token sent, the client secret). */
  secrets: readonly string[]
}

export interface RecorderOptions {
  dir: string
  /** The APIs recorded; their files are read at once, so a broken one stops the proxy at start-up. */
  apis: readonly string[]
  /** APIs whose file payloads are kept, or ['all']. */
  files?: readonly string[]
  rules?: MaskRules
}

export interface Recorder {
  /** Masks and writes the exchange; answers the file and the entry, or why it was not recorded. */
  record: (exchange: RealExchange) => { file: string, recording: Recording } | { skipped: string }
  /** The file of each API. */
  fileOf: (api: string) => string
  /** Writes every file with exchanges not yet written; the proxy calls it when it stops. */
  flush: () => void
}

/** At most one write of the recordings per this many milliseconds, so a busy proxy does not rewrite a large file per exchange. */
const WRITE_EVERY_MS = 250

/** Answers about the caller's credentials or the provider's load, not about the data: a recording of one would answer every caller. */
const UNRECORDED_STATUS = new Set([401, 403, 407, 408, 429, 502, 503, 504])
/**
 * Response headers never written: credentials and cookies; what describes the connection rather than the
 * answer; and CORS, which the mock answers by its own --cors-origin.
 */
const UNRECORDED_HEADER = /^(www-authenticate|content-length|content-encoding|transfer-encoding|connection|keep-alive|date|vary|sl-violations|access-control-.*)$/i
const unrecordedHeader = (name: string): boolean => UNRECORDED_HEADER.test(name) || SECRET_NAME.test(name)

/**
 * @example
 * const recorder = createRecorder({ dir: 'recordings', apis: ['masstack'], files: [] })
 * recorder.record(exchange) // { file: 'recordings/masstack.recorded.yaml', recording: { api: 'masstack', … } }
 */
export function createRecorder (options: RecorderOptions): Recorder {
  const masker = createMasker(options.rules)
  const keepFiles = (api: string): boolean => options.files?.includes('all') === true || options.files?.includes(api) === true
  const fileOf = (api: string): string => join(options.dir, `${api}.recorded.yaml`)

  try {
    mkdirSync(options.dir, { recursive: true })
  } catch (err) {
    throw new Error(`Cannot create the recordings folder ${options.dir}: ${(err as Error).message}. Give --record a folder you can write to.`)
  }
  const documents = new Map(options.apis.map((api) => [api, readRecordings(fileOf(api))]))
  const unwritten = new Set<string>()
  let lastWrite = 0
  let pending: NodeJS.Timeout | undefined
  const flush = (): void => {
    clearTimeout(pending)
    pending = undefined
    lastWrite = performance.now()
    for (const api of unwritten) {
      const stored = documents.get(api)
      if (stored !== undefined) writeRecordings(fileOf(api), stored)
    }
    unwritten.clear()
  }
  const written = (api: string): void => {
    unwritten.add(api)
    if (pending !== undefined) return
    const wait = lastWrite + WRITE_EVERY_MS - performance.now()
    if (wait <= 0) flush()
    else pending = setTimeout(flush, wait)
  }

  return {
    fileOf,
    flush,
    record (exchange) {
      if (exchange.method === 'HEAD' || exchange.method === 'OPTIONS') return { skipped: `${exchange.method} requests are not recorded` }
      if (UNRECORDED_STATUS.has(exchange.status)) return { skipped: `status ${exchange.status} is about the caller or the provider's load, not the data` }
      const stored = documents.get(exchange.api)
      if (stored === undefined) return { skipped: `${exchange.api} is not recorded` }
      const recording = toRecording(exchange, masker, { keepFiles: keepFiles(exchange.api), secrets: exchange.secrets })
      const key = requestKey(recording)
      stored.recordings = [...stored.recordings.filter((entry) => requestKey(entry) !== key), recording]
      written(exchange.api)
      return { file: fileOf(exchange.api), recording }
    }
  }
}

/**
 * The recording of an exchange, masked: what `recordings:` holds. The response body keeps its exact bytes
 * when nothing in it needed masking.
 * @example
 * toRecording(exchange, createMasker(), { keepFiles: false, secrets: [token] })
 */
export function toRecording (exchange: RealExchange, masker: Masker, context: MaskContext): Recording {
  const query = recordQuery(exchange.query, masker, context)
  const body = recordRequestBody(exchange, masker, context)
  const headers = Object.fromEntries(Object.entries(exchange.headers)
    .filter(([name]) => !unrecordedHeader(name))
    // A body recorded as text is served as UTF-8, whatever charset it came in.
    .map(([name, value]) => [name, name.toLowerCase() === 'content-type' ? value.replace(/charset=["']?(iso-8859-1|latin1|windows-1252|cp1252)["']?/i, 'charset=utf-8') : masker.text(value, context)]))
  return {
    api: exchange.api,
    method: exchange.method,
    path: masker.text(decodePath(exchange.path), context),
    ...(query === undefined ? {} : { query }),
    ...(body === undefined ? {} : { body }),
    response: {
      status: exchange.status,
      ...(Object.keys(headers).length === 0 ? {} : { headers }),
      ...recordResponseBody(exchange, masker, context)
    },
    recordedAt: new Date().toISOString(),
    target: withoutCredentials(exchange.target)
  }
}

function recordQuery (raw: string, masker: Masker, context: MaskContext): Record<string, string> | undefined {
  const entries = [...new URLSearchParams(raw)].filter(([name]) => !name.startsWith('__'))
  if (entries.length === 0) return undefined
  // The mock compares the query as a whole: sorted, so the same request always has the same key.
  entries.sort(([a], [b]) => a.localeCompare(b))
  return Object.fromEntries(entries.map(([name, value]) => [name, SECRET_NAME.test(name) ? MASKED : masker.text(value, context)]))
}

function recordRequestBody (exchange: RealExchange, masker: Masker, context: MaskContext): unknown {
  const bytes = exchange.requestBody
  if (bytes === undefined || bytes.length === 0) return undefined
  const text = bytes.toString('utf8')
  if (/x-www-form-urlencoded/i.test(exchange.requestContentType ?? '')) {
    // The mock parses forms into objects, and compares the recording with that.
    return masker.json(Object.fromEntries(new URLSearchParams(text)), context).value
  }
  try {
    return masker.json(JSON.parse(text), context).value
  } catch {
    return masker.text(text, context)
  }
}

function recordResponseBody (exchange: RealExchange, masker: Masker, context: MaskContext): Pick<Recording['response'], 'body' | 'bodyBase64'> {
  const bytes = exchange.body
  if (bytes.length === 0) return {}
  // A file (PDF, ZIP, an XML e-invoice) is kept only where --record-files says so: it may hold anything.
  if (fileKind(bytes) !== undefined) return { bodyBase64: (context.keepFiles ? bytes : placeholderBytes(bytes)).toString('base64') }
  const text = decode(bytes, exchange.headers['content-type'])
  if (text === undefined) {
    // Bytes that are no text this recorder can read cannot be masked: a placeholder unless files are kept.
    return { bodyBase64: (context.keepFiles ? bytes : Buffer.from('body omitted by billing-mocks proxy: not text it can mask (record with --record-files to keep it)')).toString('base64') }
  }
  let json: unknown
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch {
    return { body: masker.text(text, context) }
  }
  const masked = masker.json(json, context)
  // Untouched UTF-8 answers keep their bytes (spacing, number spelling); masked ones are re-serialised.
  return { body: masked.changed || !Buffer.from(text, 'utf8').equals(bytes) ? JSON.stringify(masked.value) : text }
}

/** The body as text, by its charset (UTF-8 unless it says Latin-1), or undefined when it is not text. */
function decode (bytes: Buffer, contentType: string | undefined): string | undefined {
  const charset = /charset=["']?([^;"']+)/i.exec(contentType ?? '')?.[1]?.trim().toLowerCase()
  if (charset !== undefined && /^(iso-8859-1|latin1|windows-1252|cp1252)$/.test(charset)) return bytes.toString('latin1')
  const text = bytes.toString('utf8')
  if (!Buffer.from(text, 'utf8').equals(bytes)) return undefined
  // Control characters other than whitespace mean binary data, whatever the content type says.
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c && code !== 0x0b) return undefined
  }
  return text
}

/** Entries with the same key answer the same request: the key fixtures.ts uses to let later entries win. */
function requestKey (recording: Recording): string {
  return JSON.stringify([recording.api, recording.method, recording.path, recording.query ?? {}, recording.body ?? null])
}

function decodePath (path: string): string {
  try {
    return decodeURI(path)
  } catch {
    return path
  }
}

function withoutCredentials (target: string): string {
  const url = new URL(target)
  url.username = ''
  url.password = ''
  return url.toString().replace(/\/$/, '')
}

interface Stored {
  document: Document
  recordings: Recording[]
}

function readRecordings (file: string): Stored {
  if (!existsSync(file)) {
    const document = new Document({ recordings: [] })
    document.commentBefore = ' Real exchanges recorded by `billing-mocks proxy --record`: a fixture file (load it with --fixtures).\n Secrets, tokens and personal data are masked; file payloads are placeholders unless recorded with --record-files.'
    return { document, recordings: [] }
  }
  const document = parseDocument(readFileSync(file, 'utf8'))
  const problem = document.errors[0]
  if (problem !== undefined) throw new Error(`Cannot add recordings to ${file}: it is not valid YAML (${problem.message}). Fix the file, move it away or record into another folder.`)
  if (!isMap(document.contents)) throw new Error(`Cannot add recordings to ${file}: it is not a YAML mapping with a recordings: list. Move it away or record into another folder.`)
  const recordings = (document.toJS() as { recordings?: unknown }).recordings ?? []
  const bad = Array.isArray(recordings) ? recordings.findIndex((entry) => !Value.Check(RecordingSchema, entry)) : 0
  if (bad !== -1) throw new Error(`Cannot add recordings to ${file}: recordings[${bad}] is not a recording (api, method, path, response). Fix the entry, move the file away or record into another folder.`)
  return { document, recordings: recordings as Recording[] }
}

function writeRecordings (file: string, stored: Stored): void {
  stored.document.set('recordings', stored.document.createNode(stored.recordings))
  // Written aside, then renamed: a mock watching the folder (--watch-fixtures) never reads half a file.
  const temporary = `${file}.${process.pid}.tmp`
  writeFileSync(temporary, stored.document.toString({ lineWidth: 0 }))
  renameSync(temporary, file)
}
