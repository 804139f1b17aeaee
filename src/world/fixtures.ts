/**
 * Fixture files: YAML, validated against a schema assembled from the engine's own sections (OAuth clients)
 * and each mock's `fixtures` schema. A file that fails validation stops start-up with an error naming the
 * file, the line and the field; nothing is ever half-loaded.
 */
import { readFileSync } from 'node:fs'
import { Type, type Static, type TSchema } from 'typebox'
import { Value } from 'typebox/value'
import { LineCounter, parseDocument } from 'yaml'

export const ClientFixtureSchema = Type.Object({
  clientId: Type.String({ minLength: 1, description: 'OAuth client_id.' }),
  clientSecret: Type.String({ minLength: 1, description: 'OAuth client_secret.' }),
  name: Type.Optional(Type.String({ description: 'Application name reported by the token endpoint.' })),
  scope: Type.Optional(Type.String({ description: 'Scope granted to the client\'s tokens (default "read").' }))
}, { additionalProperties: false })

export type ClientFixture = Static<typeof ClientFixtureSchema>

/** The merged content of every fixture file: engine sections plus one section per mock id. */
export interface Fixtures {
  clients: ClientFixture[]
  apis: Record<string, unknown>
}

/**
 * Loads and merges fixture files in order. Arrays of the same section are concatenated (entities are
 * keyed by the mock's world, where a later entry with the same key wins); scalars of a later file win.
 * @example
 * const fixtures = loadFixtures(['fixtures/default.yaml'], { 'bo-billing': BoFixturesSchema })
 */
export function loadFixtures (files: readonly string[], sections: Record<string, TSchema>): Fixtures {
  const schema = Type.Object({
    clients: Type.Optional(Type.Array(ClientFixtureSchema)),
    ...Object.fromEntries(Object.entries(sections).map(([id, section]) => [id, Type.Optional(section)]))
  }, { additionalProperties: false })

  const merged: Fixtures = { clients: [], apis: {} }
  for (const file of files) {
    const content = readFixtureFile(file, schema)
    merged.clients.push(...(content.clients ?? []))
    for (const id of Object.keys(sections)) {
      if (content[id] !== undefined) merged.apis[id] = mergeSection(merged.apis[id], content[id])
    }
  }
  return merged
}

function readFixtureFile (file: string, schema: TSchema): Record<string, unknown> & { clients?: ClientFixture[] } {
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
  const error = Value.Errors(schema, value)[0]
  if (error !== undefined) {
    const path = error.instancePath.split('/').slice(1).map((segment) => /^\d+$/.test(segment) ? Number(segment) : segment)
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined
    const line = node?.range === undefined ? '' : ` (line ${lineCounter.linePos(node.range[0]).line})`
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
      const got = Value.Pointer.Get(value as object, error.instancePath)
      shown = typeof got === 'object' || got === undefined ? '' : ` ${JSON.stringify(got)}`
    }
    const field = owner.reduce<string>((acc, segment) => typeof segment === 'number' ? `${acc}[${segment}]` : acc === '' ? segment : `${acc}.${segment}`, '')
    throw new Error(`Failed to load ${file}${line}: ${field === '' ? 'the file' : field}${shown} ${message}. Fix the file or remove the entry.`)
  }
  return value as Record<string, unknown>
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
