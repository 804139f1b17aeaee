/**
 * The only module that imports json-schema-faker and @faker-js/faker. Each call builds a fresh Faker seeded
 * for that one entity, because jsf's own `seed` does not seed faker-backed values.
 */
// Only the es_MX locale (with its es and base fallbacks), not the package index with its 70 locales: that
// import alone took a fifth of the server's start-up.
import { faker as esMXFaker } from '@faker-js/faker/locale/es_MX'
import type { Faker } from '@faker-js/faker'
import { generateSync } from 'json-schema-faker'
import { Check, Errors, type Static, type TSchema } from '../typebox.js'

export type { Faker } from '@faker-js/faker'

const FakerClass = esMXFaker.constructor as new (options: { locale: typeof esMXFaker.rawDefinitions }) => Faker

/**
 * A Faker with Spanish locales, seeded for one entity.
 * @example
 * const faker = seededFaker(entitySeed(seed, 'masstack', 'account:telco:1'))
 * faker.person.fullName() // the same name on every run
 */
export function seededFaker (seed: number): Faker {
  const faker = new FakerClass({ locale: esMXFaker.rawDefinitions })
  faker.seed(seed)
  return faker
}

/**
 * Generates a value of `schema` with json-schema-faker: every optional property filled, `x-faker` keywords
 * (OpenAPI-friendly spelling of jsf's `faker`) answered by a seeded Faker, and the result checked against
 * the schema so a bad generator fails loudly here instead of in a response.
 * @example
 * const address = fake(AddressSchema, seed, 'bo-billing address of 70000001')
 */
export function fake<T extends TSchema> (schema: T, seed: number, what: string): Static<T> {
  const value = generateSync(schema as never, {
    seed,
    alwaysFakeOptionals: true,
    propAliases: { 'x-faker': 'faker' },
    extensions: { faker: seededFaker(seed) }
  } as never)
  return checked(schema, value, what)
}

/**
 * Asserts that `value` matches `schema`, with an error that names the entity and the first failing field.
 * @example
 * return checked(InvoiceSchema, invoice, `masstack invoice ${number}`)
 */
export function checked<T extends TSchema> (schema: T, value: unknown, what: string): Static<T> {
  if (Check(schema, value)) return value
  const error = Errors(schema, value)[1][0]
  if (error !== undefined) {
    throw new Error(`Generated ${what} does not match its schema: ${error.instancePath || '(root)'} ${error.message}. This is a bug in the generator of that entity.`)
  }
  return value as Static<T>
}
