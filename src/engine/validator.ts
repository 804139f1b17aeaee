/**
 * Fastify's own validator (@fastify/ajv-compiler, with the server's Ajv options), compiling each route's
 * schema on the route's first request instead of at start-up. Compiling every route of five APIs and the
 * admin API was a fifth of the start-up time, and most runs use a few routes.
 */
import AjvCompiler from '@fastify/ajv-compiler'

type Build = ReturnType<typeof AjvCompiler>
type Validate = ((data: unknown, context?: unknown) => unknown) & { errors?: unknown, schemaEnv?: unknown }

/**
 * The `schemaController.compilersFactory.buildValidator` of Fastify's options.
 * @example
 * Fastify({ schemaController: { compilersFactory: { buildValidator: lazyValidator() } } })
 */
export function lazyValidator (): Build {
  const build = AjvCompiler()
  return ((externalSchemas: unknown, options: unknown) => {
    const compile = (build as (schemas: unknown, options: unknown) => (route: unknown) => Validate)(externalSchemas, options)
    return (route: unknown): Validate => {
      let validate: Validate | undefined
      const lazy: Validate = (data, context) => {
        validate ??= compile(route)
        const result = validate(data, context)
        // Fastify reads the errors off the function it was given.
        lazy.errors = validate.errors
        return result
      }
      // Ajv's compiled functions carry `schemaEnv`; Fastify then passes the parent (`{ parentData: request,
      // parentDataProperty }`), without which Ajv cannot coerce or default a whole body (a lone string → array).
      lazy.schemaEnv = true
      return lazy
    }
  }) as unknown as Build
}
