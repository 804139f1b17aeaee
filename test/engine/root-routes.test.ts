import { describe, expect, it } from 'vitest'
import { mocks } from '../../mocks/index.js'
import { buildTestApp } from '../helpers/build-app.js'

const documentUrls = [...mocks.map((mock) => `/${mock.id}/openapi.json`), '/oauth/openapi.json']

describe('GET /health', () => {
  it('answers 200 with the mounted APIs', async () => {
    const app = await buildTestApp()

    const res = await app.inject({ url: '/health' })

    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ status: 'ok', apis: mocks.map((mock) => mock.id) })
  })
})

describe('unknown paths outside the APIs', () => {
  it('answers 404 naming the path, where the APIs live and /docs', async () => {
    const app = await buildTestApp()

    const res = await app.inject({ method: 'POST', url: '/nowhere?x=1' })

    expect(res.statusCode).toBe(404)
    expect(res.json().error).toBe('not_found')
    expect(res.json().message).toContain('POST /nowhere.')
    expect(res.json().message).toContain('/masstack')
    expect(res.json().message).toContain('/docs')
  })
})

describe('GET /docs', () => {
  it('answers 200 with the Swagger UI page', async () => {
    const app = await buildTestApp()

    const res = await app.inject({ url: '/docs' })

    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/html/)
    expect(res.body).toContain('swagger-ui')
  })

  it('lists every API\'s /<id>/openapi.json and the token endpoint\'s', async () => {
    const app = await buildTestApp()

    const res = await app.inject({ url: '/docs/static/swagger-initializer.js' })

    expect(res.statusCode).toBe(200)
    for (const url of documentUrls) expect(res.body).toContain(`"url":"${url}"`)
  })

  it.each(documentUrls)('serves %s as an OpenAPI 3.0 document with paths', async (url) => {
    const app = await buildTestApp()

    const res = await app.inject({ url })

    expect(res.statusCode).toBe(200)
    expect(res.json().openapi).toMatch(/^3\.0\./)
    expect(Object.keys(res.json().paths).length).toBeGreaterThan(0)
  })
})
