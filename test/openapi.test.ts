import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { mocks } from '../mocks/index.js'
import { openapiText } from '../src/tools/openapi-write.js'
import { buildTestApp } from './helpers/build-app.js'

describe('GET /<id>/openapi.json', () => {
  it.each(mocks.map((mock) => mock.id))('serves the committed mocks/%s/openapi.json (run `npm run openapi` when this fails)', async (id) => {
    const app = await buildTestApp()

    const served = await openapiText(app, id)

    expect(served).toBe(readFileSync(new URL(`../mocks/${id}/openapi.json`, import.meta.url), 'utf8'))
  })

  it.each(mocks.map((mock) => mock.id))('documents every status of every %s operation, with operationId, summary and tags', async (id) => {
    const app = await buildTestApp()

    const document = (await app.inject({ url: `/${id}/openapi.json` })).json<{ openapi: string, servers: Array<{ url: string }>, paths: Record<string, Record<string, { operationId?: string, summary?: string, tags?: string[], responses: Record<string, unknown> }>> }>()

    expect(document.openapi).toMatch(/^3\./)
    expect(document.servers[0]?.url).toBe(`/${id}`)
    const operations = Object.values(document.paths).flatMap((item) => Object.values(item))
    expect(operations.length).toBeGreaterThan(0)
    for (const operation of operations) {
      expect(operation.operationId).toBeTruthy()
      expect(operation.summary).toBeTruthy()
      expect(operation.tags?.length).toBeGreaterThan(0)
      expect(Object.keys(operation.responses)).toContain('200')
      expect(Object.keys(operation.responses)).toContain('400')
    }
  })
})
