import type { FastifyInstance } from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import billingdata from '../../mocks/billingdata/index.js'
import boBilling from '../../mocks/bo-billing/index.js'
import { mocks } from '../../mocks/index.js'
import masstack from '../../mocks/masstack/index.js'
import { buildApp } from '../../src/app.js'
import type { MockDefinition } from '../../src/engine/define-mock.js'
import { bearerHeader } from '../helpers/build-app.js'

/** A world whose every lookup fails like a bug would: the route's own code meets an exception. */
const broken = new Proxy({}, { get: () => () => { throw new TypeError('world exploded') } })

async function buildWithBrokenWorld (definition: MockDefinition<any, any>): Promise<FastifyInstance> {
  const app = await buildApp({ logLevel: 'silent' }, { mocks: mocks.map((mock) => mock.id === definition.id ? { ...definition, createWorld: () => broken } : mock) })
  onTestFinished(async () => { await app.close() })
  return app
}

describe('an unexpected exception in a route', () => {
  it('answers bo-billing\'s documented default: 500 errorBody without internals', async () => {
    const app = await buildWithBrokenWorld(boBilling)

    const res = await app.inject({ url: '/bo-billing/customers/CLIENT_NUMBER/70000001/bills?contractNumber=80000001', headers: await bearerHeader(app) })

    expect(res.statusCode).toBe(500)
    expect(res.json()).toEqual({ error: { code: '500', message: 'Internal Server Error', description: expect.stringMatching(/unexpectedly/) } })
    expect(res.body).not.toContain('world exploded')
  })

  it('answers masstack\'s 500 ErrorMessage', async () => {
    const app = await buildWithBrokenWorld(masstack)

    const res = await app.inject({ url: '/masstack/v2/orgs/telco/accounts/214748364/invoices', headers: { 'x-auth-roles': 'API_KEY' } })

    expect(res.statusCode).toBe(500)
    expect(res.json()).toEqual({ code: 500, message: expect.stringMatching(/unexpectedly/) })
  })

  it('answers billingdata\'s 500 error body', async () => {
    const app = await buildWithBrokenWorld(billingdata)

    const res = await app.inject({ url: '/billingdata/api/v1.0/billingdata', headers: await bearerHeader(app) })

    expect(res.statusCode).toBe(500)
    expect(res.json()).toMatchObject({ status: 'error', message: expect.stringMatching(/unexpectedly/) })
  })

  it('keeps serving afterwards', async () => {
    const app = await buildWithBrokenWorld(masstack)
    await app.inject({ url: '/masstack/v2/orgs/telco/accounts/214748364/invoices', headers: { 'x-auth-roles': 'API_KEY' } })

    const res = await app.inject({ url: '/health' })

    expect(res.statusCode).toBe(200)
  })
})
