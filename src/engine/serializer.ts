/**
 * Fastify's own serialiser (fast-json-stringify, compiled from each route's response schemas), remembering
 * the JSON of each answer object it has serialised. Handlers that return the same object for the same
 * request (answerCache, src/world/cache.ts) then cost no serialisation at all. The memory follows the
 * objects: a WeakMap, so the JSON goes when the handler's cache lets its answer go. Each schema is compiled
 * when its first answer is sent, which keeps start-up short.
 */
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler'

type Serialize = (payload: unknown) => string
type BuildSerializer = ReturnType<typeof SerializerSelector>

/**
 * The `schemaController.compilersFactory.buildSerializer` of Fastify's options.
 * @example
 * Fastify({ schemaController: { compilersFactory: { buildSerializer: rememberingSerializer() } } })
 */
export function rememberingSerializer (): BuildSerializer {
  const build = SerializerSelector()
  return (externalSchemas, options) => {
    const compile = build(externalSchemas, options)
    return (route) => {
      // Compiled on the route's first answer of that status, not at start-up (as src/engine/validator.ts).
      let serialize: Serialize | undefined
      return remembering((payload) => (serialize ??= compile(route) as Serialize)(payload))
    }
  }
}

function remembering (serialize: Serialize): Serialize {
  const made = new WeakMap<object, string>()
  return (payload) => {
    if (typeof payload !== 'object' || payload === null) return serialize(payload)
    let json = made.get(payload)
    if (json === undefined) {
      json = serialize(payload)
      made.set(payload, json)
    }
    return json
  }
}

/**
 * A route's `serializerCompiler` that serialises the given statuses with another schema than the documented
 * one: typically the branch of a documented `anyOf` that the configuration chose. Given the `anyOf`,
 * fast-json-stringify would pick the branch per answer by validating the whole answer against each branch
 * with Ajv, which cost more than everything else the request did.
 * @example
 * app.get('/x', { schema: { response: { 200: Type.Union([A, B]) } }, serializerCompiler: serializeWith({ 200: english ? B : A }) }, handler)
 */
export function serializeWith (schemas: Record<string, object>): (route: { method: string, url: string, httpStatus?: string, schema?: unknown }) => Serialize {
  const compile = rememberingSerializer()({}, {})
  return (route) => {
    const status = route.httpStatus ?? ''
    return compile({ ...route, httpStatus: status, schema: schemas[status] ?? route.schema }) as Serialize
  }
}
