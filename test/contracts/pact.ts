/**
 * What every consumer test shares: the Pact mock server set-up (V4, files into test-output/pacts), the
 * check that the written contract equals the committed one in contracts/, and common matchers.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { MatchersV3, PactV4, SpecificationVersion } from '@pact-foundation/pact'
import { afterAll, beforeAll, expect } from 'vitest'
import { ApiError } from '../../mocks/clients.js'
import { PACKAGE_ROOT } from '../../src/config.js'

/** The consumer: the typed clients of src/clients, as an application uses them. */
export const CONSUMER = 'billing-clients'
const WRITTEN = `${PACKAGE_ROOT}test-output/pacts`
const COMMITTED = `${PACKAGE_ROOT}contracts`

/**
 * Each Pact mock server lives for one test, and the next one may get the same port: a pooled keep-alive
 * connection to the closed one would swallow the request. Consumers in these tests use a fresh connection.
 */
export const FRESH_CONNECTION = { connection: 'close' } as const

/** `Authorization: Bearer <any token>`: a real provider's tokens vary, so the contract pins only the shape. */
export const BEARER = { Authorization: MatchersV3.regex('^Bearer [A-Za-z0-9._~+/=-]+$', 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.token') }

/**
 * A Pact V4 mock server for one provider, whose pact file starts empty for this test file and, once its
 * interactions have run, must equal contracts/<consumer>-<provider>.json. With UPDATE_CONTRACTS=1
 * (`npm run contracts:update`) the committed file is rewritten instead.
 * @example
 * const pact = consumerPact('bo-billing')
 */
export function consumerPact (provider: string): PactV4 {
  const file = `${CONSUMER}-${provider}.json`
  beforeAll(() => {
    mkdirSync(WRITTEN, { recursive: true })
    rmSync(`${WRITTEN}/${file}`, { force: true })
  })
  afterAll(() => {
    const written = readFileSync(`${WRITTEN}/${file}`, 'utf8')
    if (process.env.UPDATE_CONTRACTS === '1') {
      writeFileSync(`${COMMITTED}/${file}`, written)
      return
    }
    const committed = existsSync(`${COMMITTED}/${file}`) ? readFileSync(`${COMMITTED}/${file}`, 'utf8') : '{}'
    expect(comparable(written), `contracts/${file} differs from what the consumer tests write: run \`npm run contracts:update\` and commit it`).toEqual(comparable(committed))
  })
  return new PactV4({ consumer: CONSUMER, provider, dir: WRITTEN, logLevel: 'error', spec: SpecificationVersion.SPECIFICATION_VERSION_V4 })
}

/** The pact without what changes from one run to the next for reasons other than the contract. */
function comparable (text: string): unknown {
  const pact = JSON.parse(text) as { metadata?: unknown }
  return { ...pact, metadata: undefined }
}

/**
 * The ApiError a client call rejects with (the test fails when it resolves or rejects otherwise).
 * @example
 * const err = await rejection(client.getBills({ ... }))
 */
export async function rejection (promise: Promise<unknown>): Promise<ApiError> {
  const err: unknown = await promise.then(() => undefined, (reason: unknown) => reason)
  expect(err).toBeInstanceOf(ApiError)
  return err as ApiError
}
