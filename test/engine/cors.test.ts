import { describe, expect, it } from 'vitest'
import { buildTestApp } from '../helpers/build-app.js'

function preflight (origin: string): { method: 'OPTIONS', url: string, headers: Record<string, string> } {
  return {
    method: 'OPTIONS',
    url: '/masstack/v2/orgs/telco/accounts/214748364/invoices',
    headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-auth-roles' }
  }
}

describe('CORS', () => {
  it('allows a preflight from a local development origin by default', async () => {
    const app = await buildTestApp()

    const res = await app.inject(preflight('http://localhost:5173'))

    expect(res.statusCode).toBe(204)
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:5173')
  })

  it('does not allow another origin by default', async () => {
    const app = await buildTestApp()

    const res = await app.inject(preflight('https://evil.example'))

    expect(res.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('allows any origin with corsOrigin "*"', async () => {
    const app = await buildTestApp({ corsOrigin: '*' })

    const res = await app.inject(preflight('https://evil.example'))

    expect(res.headers['access-control-allow-origin']).toMatch(/^(\*|https:\/\/evil\.example)$/)
  })

  it('exposes Allow and WWW-Authenticate to browser code', async () => {
    const app = await buildTestApp()

    const res = await app.inject({ url: '/health', headers: { origin: 'http://127.0.0.1:3000' } })

    expect(res.headers['access-control-expose-headers']).toMatch(/allow.*www-authenticate/i)
  })
})
