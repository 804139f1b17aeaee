/**
 * The committed OpenAPI document of an API (mocks/<id>/openapi.json, written by `npm run openapi`): what the
 * contract comparison, the validating proxy and the drift report check answers against.
 */
import { readFileSync } from 'node:fs'
import { PACKAGE_ROOT } from './config.js'

/**
 * @example
 * const document = readCommittedOpenApi('masstack')
 */
export function readCommittedOpenApi (api: string): Record<string, unknown> {
  const file = `${PACKAGE_ROOT}mocks/${api}/openapi.json`
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
  } catch (err) {
    throw new Error(`Cannot read ${file}, ${api}'s OpenAPI document: ${(err as Error).message}. Check the API id, or run npm run openapi to write it.`)
  }
}
