/**
 * Fixture files: YAML, validated against a schema assembled from the engine's own sections (OAuth clients,
 * static tokens, scenarios) and each mock's `fixtures` schema. A file that fails validation stops start-up
 * (or a reload) with an error naming the file, the line and the field; nothing is ever half-loaded.
 */
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs'
import { isAbsolute, join, relative, sep } from 'node:path'
import { RecordingSchema, type Recording } from '../scenarios/recordings.js'
import { ScenarioSchema, type Scenario } from '../engine/scenario-schema.js'
import { Check, Errors, Pointer, Type, type Static, type TSchema } from '../typebox.js'
import { LineCounter, parseDocument } from '../yaml.js'

export const ClientFixtureSchema = Type.Object({
  clientId: Type.String({ minLength: 1, description: 'OAuth client_id.' }),
  clientSecret: Type.String({ minLength: 1, description: 'OAuth client_secret.' }),
  name: Type.Optional(Type.String({ description: 'Application name reported by the token endpoint.' })),
  scope: Type.Optional(Type.String({ description: 'Scope granted to the client\'s tokens (default "read").' }))
}, { additionalProperties: false })

export type ClientFixture = Static<typeof ClientFixtureSchema>

export const StaticTokenFixtureSchema = Type.Object({
  token: Type.String({ pattern: '^[A-Za-z0-9._~+/=-]{8,}$', description: 'The bearer value, as sent in "Authorization: Bearer <token>" (8 characters or more).' }),
  clientId: Type.String({ minLength: 1, description: 'The OAuth client the token acts for.' }),
  scope: Type.Optional(Type.String({ description: 'Scope of the token (default "read").' })),
  state: Type.Optional(Type.Union([Type.Literal('valid'), Type.Literal('expired'), Type.Literal('revoked')], { description: 'expired or revoked tokens are refused with the API\'s 401 (default valid).' }))
}, { additionalProperties: false })

export type StaticTokenFixture = Static<typeof StaticTokenFixtureSchema>

/** One loaded file: its content and where each of its values sits. */
export interface FixtureFile {
  file: string
  content: Record<string, unknown>
  /** The file holds nothing (no bytes, or comments only): taken at start with a warning; refused on a reload when it held something before. */
  empty: boolean
  /** An error naming this file, the line of the value at `path`, the field and what is wrong with it. */
  problem: (path: ReadonlyArray<string | number>, message: string) => Error
}

/** The merged content of every fixture file: engine sections plus one section per mock id. */
export interface Fixtures {
  clients: ClientFixture[]
  tokens: StaticTokenFixture[]
  scenarios: Scenario[]
  /** Real exchanges recorded by `billing-mocks proxy --record`, served ahead of generated data. */
  recordings: Recording[]
  apis: Record<string, unknown>
  /** The files in load order, for checks that need the whole picture (scenario names used by tags). */
  files: FixtureFile[]
}

/**
 * The files behind the --fixtures paths: a file as is, a folder as its *.yaml and *.yml files in name order.
 * A path given is the operator's choice and is read wherever it points; a folder only lends its own files:
 * a link inside it to a file outside it (`evil.yaml -> /home/me/.aws/credentials`, `../../secrets.yaml`) stops
 * the load, so whoever can write into a watched folder cannot make the mock read (and show, in a reload's
 * error) any other file. The admin API never takes a path.
 * @example
 * expandFixturePaths(['fixtures/default.yaml', 'fixtures/qa']) // ['fixtures/default.yaml', 'fixtures/qa/a.yaml', ...]
 */
export function expandFixturePaths (paths: readonly string[]): string[] {
  return paths.flatMap((path) => {
    let isFolder: boolean
    try {
      isFolder = statSync(path).isDirectory()
    } catch (err) {
      throw new Error(`Failed to load ${path}: ${(err as Error).message}. Check the path given to --fixtures.`)
    }
    if (!isFolder) return [path]
    const folder = realpathSync(path)
    return readdirSync(path).filter((name) => /\.ya?ml$/i.test(name)).sort().map((name) => {
      const file = join(path, name)
      let target: string
      try {
        target = realpathSync(file)
      } catch (err) {
        throw new Error(`Failed to load ${file}: ${(err as Error).message}. Fix or remove the broken link.`)
      }
      const inside = relative(folder, target)
      if (inside.split(sep)[0] === '..' || isAbsolute(inside)) {
        throw new Error(`Failed to load ${file}: it links to ${target}, outside the fixture folder ${path}. A folder given to --fixtures only loads its own files: copy the file into it, or name the file itself in --fixtures.`)
      }
      return file
    })
  })
}

/**
 * Loads and merges fixture files in order. Arrays of the same section are concatenated (entities are
 * keyed by the mock's world, where a later entry with the same key wins); scalars of a later file win.
 * @example
 * const fixtures = loadFixtures(['fixtures/default.yaml'], { 'bo-billing': BoFixturesSchema })
 */
export function loadFixtures (paths: readonly string[], sections: Record<string, TSchema>, options: { refuseEmpty?: (file: string) => boolean } = {}): Fixtures {
  const schema = Type.Object({
    clients: Type.Optional(Type.Array(ClientFixtureSchema)),
    tokens: Type.Optional(Type.Array(StaticTokenFixtureSchema)),
    scenarios: Type.Optional(Type.Array(ScenarioSchema)),
    recordings: Type.Optional(Type.Array(RecordingSchema)),
    ...Object.fromEntries(Object.entries(sections).map(([id, section]) => [id, Type.Optional(section)]))
  }, { additionalProperties: false })

  const merged: Fixtures = { clients: [], tokens: [], scenarios: [], recordings: [], apis: {}, files: [] }
  for (const file of expandFixturePaths(paths)) {
    const loaded = readFixtureFile(file, schema)
    if (loaded.empty && options.refuseEmpty?.(file) === true) {
      // A file that was in force and is now empty was most likely caught half-written, or emptied by mistake:
      // taking it would drop its clients, entities and scenarios at once.
      throw new Error(`Failed to load ${file}: the file is empty (caught while being written, or emptied by mistake). Put its content back; to drop a fixture file, remove it from --fixtures and restart.`)
    }
    const content = loaded.content as { clients?: ClientFixture[], tokens?: StaticTokenFixture[], scenarios?: Scenario[], recordings?: Recording[] }
    merged.files.push(loaded)
    // Later files override earlier ones: a client, token or scenario of the same key replaces the earlier one.
    merged.clients = upsert(merged.clients, content.clients, (client) => client.clientId)
    merged.tokens = upsert(merged.tokens, content.tokens, (token) => token.token)
    merged.scenarios = upsert(merged.scenarios, content.scenarios, (scenario) => scenario.name)
    // A later recording of the same request replaces the earlier one.
    merged.recordings = upsert(merged.recordings, content.recordings, (recording) => JSON.stringify([recording.api, recording.method, recording.path, recording.query ?? {}, recording.body ?? null]))
    for (const id of Object.keys(sections)) {
      if (loaded.content[id] !== undefined) merged.apis[id] = mergeSection(merged.apis[id], loaded.content[id])
    }
  }
  return merged
}

function upsert<T> (earlier: T[], later: T[] | undefined, key: (item: T) => string): T[] {
  if (later === undefined) return earlier
  const replaced = new Set(later.map(key))
  return [...earlier.filter((item) => !replaced.has(key(item))), ...later]
}

function readFixtureFile (file: string, schema: TSchema): FixtureFile {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new Error(`Failed to load ${file}: ${(err as Error).message}. Check the path given to --fixtures.`)
  }
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: true })
  const syntax = doc.errors[0]
  if (syntax !== undefined) {
    throw new Error(`Failed to load ${file}: line ${syntax.linePos?.[0].line ?? '?'}: ${syntax.message.split('\n')[0]}. Fix the YAML syntax.`)
  }
  const value: unknown = doc.toJS() ?? {}
  const lineOf = (path: ReadonlyArray<string | number>): string => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined
      if (node?.range !== undefined) return ` (line ${lineCounter.linePos(node.range[0]).line})`
    }
    return ''
  }
  const problem = (path: ReadonlyArray<string | number>, message: string): Error =>
    new Error(`Failed to load ${file}${lineOf(path)}: ${fieldName(path)} ${message}. Fix the file or remove the entry.`)
  // Check first: it is faster than Errors, which only a bad file needs.
  const error = Check(schema, value) ? undefined : Errors(schema, value)[1][0]
  if (error !== undefined) {
    const path = error.instancePath.split('/').slice(1).map((segment) => /^\d+$/.test(segment) ? Number(segment) : segment)
    const line = lineOf(path)
    let owner = path
    let message = error.message
    let shown = ''
    if (error.keyword === 'boolean' && error.schemaPath.endsWith('/additionalProperties')) {
      // TypeBox reports an unknown property as the property itself failing `additionalProperties: false`.
      owner = path.slice(0, -1)
      message = `has unknown field "${String(path.at(-1))}"`
    } else if (error.keyword === 'required' && Array.isArray(error.params.requiredProperties)) {
      message = `is missing required field(s) ${error.params.requiredProperties.map((p: unknown) => `"${String(p)}"`).join(', ')}`
    } else {
      const got = Pointer.Get(value as object, error.instancePath)
      shown = typeof got === 'object' || got === undefined ? '' : ` ${JSON.stringify(got)}`
    }
    throw new Error(`Failed to load ${file}${line}: ${fieldName(owner)}${shown} ${message}. Fix the file or remove the entry.`)
  }
  return { file, content: value as Record<string, unknown>, empty: doc.contents === null, problem }
}

function fieldName (path: ReadonlyArray<string | number>): string {
  const field = path.reduce<string>((acc, segment) => typeof segment === 'number' ? `${acc}[${segment}]` : acc === '' ? segment : `${acc}.${segment}`, '')
  return field === '' ? 'the file' : field
}

function mergeSection (earlier: unknown, later: unknown): unknown {
  if (earlier === undefined) return later
  if (Array.isArray(earlier) && Array.isArray(later)) return [...earlier, ...later]
  if (isRecord(earlier) && isRecord(later)) {
    const out: Record<string, unknown> = { ...earlier }
    for (const [key, value] of Object.entries(later)) out[key] = mergeSection(earlier[key], value)
    return out
  }
  return later
}

function isRecord (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
