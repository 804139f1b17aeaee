/**
 * `npm run openapi`: writes each API's generated OpenAPI document to mocks/<id>/openapi.json (committed;
 * test/openapi.test.ts fails when one is stale).
 */
import { writeFileSync } from 'node:fs'
import { mocks } from '../../mocks/index.js'
import { buildApp } from '../app.js'
import { PACKAGE_ROOT } from '../config.js'

/**
 * The document of one API as the server serves it, formatted as committed.
 * @example
 * const text = await openapiText(app, 'masstack')
 */
export async function openapiText (app: Awaited<ReturnType<typeof buildApp>>, id: string): Promise<string> {
  const res = await app.inject({ url: `/${id}/openapi.json` })
  return JSON.stringify(res.json(), null, 2) + '\n'
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  const app = await buildApp({ logLevel: 'warn' })
  for (const mock of mocks) {
    const file = `${PACKAGE_ROOT}mocks/${mock.id}/openapi.json`
    writeFileSync(file, await openapiText(app, mock.id))
    process.stdout.write(`wrote ${file}\n`)
  }
  await app.close()
}
