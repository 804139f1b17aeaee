import { readFileSync } from 'node:fs'
import type { FastifyInstance, InjectOptions } from 'fastify'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import type { Scenario } from '../../src/engine/scenario-schema.js'
import { bearerHeader, buildTestApp } from '../helpers/build-app.js'
import { expectDocumented } from '../helpers/openapi.js'

const { scenarios } = parse(readFileSync(new URL('../../fixtures/qa-scenarios.yaml', import.meta.url), 'utf8')) as { scenarios: Scenario[] }

/** The scenarios whose one outcome is an error code or a status (stateful ones have theirs in `states`). */
const plain = scenarios.filter((scenario) => scenario.error !== undefined || scenario.status !== undefined)

const INVOICE_FILES_URL = '/invoice-files/api/v2/customer/11111111-1111-4111-8111-111111111111/download-invoices'

/** A request that succeeds without a scenario, about a well-known identity of fixtures/default.yaml. */
async function validRequest (app: FastifyInstance, api: string | undefined): Promise<InjectOptions & { headers: Record<string, string> }> {
  switch (api) {
    case 'hn-billing':
      return { method: 'POST', url: '/hn-billing/customers/50499990001/invoices?invoiceNumber=000-001-01-00012345&invoiceDate=2026-10-01&type=SUMMARY&typeResult=PDF', headers: await bearerHeader(app) }
    case 'bo-billing':
      return { method: 'GET', url: '/bo-billing/customers/CLIENT_NUMBER/70000001/bills?contractNumber=80000001', headers: await bearerHeader(app) }
    case 'masstack':
      return { method: 'GET', url: '/masstack/v2/orgs/telco/accounts/214748364/invoices', headers: { 'x-auth-roles': 'API_KEY' } }
    case 'billingdata':
      return { method: 'GET', url: '/billingdata/api/v1.0/billingdata', headers: await bearerHeader(app) }
    case 'invoice-files':
      return { method: 'POST', url: INVOICE_FILES_URL, payload: {}, headers: await bearerHeader(app) }
    default:
      throw new Error(`Scenario API "${String(api)}" has no valid request here: give every qa-scenarios.yaml entry an api, and add new APIs to validRequest.`)
  }
}

/**
 * What a description promises: the status it starts with, and the body written as JSON between backticks
 * (none when the description shows none). `"<answer time>"` stands for billingdata's timestamp.
 */
function promisedAnswer (description: string | undefined): { status: number, body: unknown } {
  const status = Number(/^(\d{3})\b/.exec(description ?? '')?.[1])
  const json = /`(\{.*\})`/.exec(description ?? '')?.[1]
  const body: unknown = json === undefined
    ? undefined
    : JSON.parse(json, (_key, value: unknown) => value === '<answer time>' ? expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/) : value)
  return { status, body }
}

async function sendWithScenario (app: FastifyInstance, scenario: Pick<Scenario, 'name' | 'api'>): Promise<Awaited<ReturnType<FastifyInstance['inject']>>> {
  const request = await validRequest(app, scenario.api)
  return await app.inject({ ...request, headers: { ...request.headers, 'x-mock-scenario': scenario.name } })
}

describe('fixtures/qa-scenarios.yaml', () => {
  it.each(plain)('$name answers the status and body its description promises, as documented', async (scenario) => {
    const app = await buildTestApp()
    const promised = promisedAnswer(scenario.description)

    const res = await sendWithScenario(app, scenario)

    expect(res.statusCode).toBe(promised.status)
    expect(res.body === '' ? undefined : res.json()).toEqual(promised.body)
    await expectDocumented(app, scenario.api ?? '', res)
  })

  it('masstack-405 says which method the path allows', async () => {
    const app = await buildTestApp()

    const res = await sendWithScenario(app, { name: 'masstack-405', api: 'masstack' })

    expect(res.statusCode).toBe(405)
    expect(res.headers.allow).toBe('GET')
  })

  it('invoice-files-download-fails-once answers 503 GLOBAL_1001, then the files', async () => {
    const app = await buildTestApp()
    const scenario = { name: 'invoice-files-download-fails-once', api: 'invoice-files' }

    const first = await sendWithScenario(app, scenario)
    const second = await sendWithScenario(app, scenario)
    const third = await sendWithScenario(app, scenario)

    expect(first.statusCode).toBe(503)
    expect(first.json()).toMatchObject({ errorCode: 'GLOBAL_1001' })
    expect(second.statusCode).toBe(200)
    expect(second.json().content).toHaveLength(1)
    expect(third.statusCode).toBe(200)
    await expectDocumented(app, 'invoice-files', first)
    await expectDocumented(app, 'invoice-files', second)
  })

  it('billingdata-token-expires-once answers normally, then 401 for an expired token, then normally', async () => {
    const app = await buildTestApp()
    const scenario = { name: 'billingdata-token-expires-once', api: 'billingdata' }

    const first = await sendWithScenario(app, scenario)
    const second = await sendWithScenario(app, scenario)
    const third = await sendWithScenario(app, scenario)

    expect(first.statusCode).toBe(200)
    expect(second.statusCode).toBe(401)
    expect(second.json().message).toMatch(/expired/)
    expect(second.headers['www-authenticate']).toMatch(/invalid_token/)
    expect(third.statusCode).toBe(200)
    await expectDocumented(app, 'billingdata', second)
  })

  it('names a scenario for every error code and every documented error status of each API', async () => {
    const app = await buildTestApp()
    const { catalogue } = app.mocks.current()
    const statusOf = (scenario: Scenario): number | undefined => scenario.status ?? app.mocks.apis.find((api) => api.id === scenario.api)?.errors[scenario.error ?? '']?.status

    const missing = app.mocks.apis.flatMap((api) => {
      const ours = plain.filter((scenario) => scenario.api === api.id)
      const statuses = [...new Set(api.routes.flatMap((route) => route.statuses))]
        .filter((status) => status === 'default' || Number(status) >= 400)
        .map((status) => status === 'default' ? 500 : Number(status))
      // A code answered with a status no route documents (invoice-files' GLOBAL_1005, 405) needs no scenario.
      const codes = Object.entries(api.errors).filter(([, template]) => statuses.includes(template.status)).map(([code]) => code)
      return [
        ...statuses.filter((status) => !ours.some((scenario) => statusOf(scenario) === status)).map((status) => `${api.id} status ${status}`),
        ...codes.filter((code) => !ours.some((scenario) => scenario.error === code)).map((code) => `${api.id} code ${code}`)
      ]
    })

    expect(missing, 'add a scenario to fixtures/qa-scenarios.yaml for each of these').toEqual([])
    expect(scenarios.every((scenario) => catalogue.named.get(scenario.name) !== undefined)).toBe(true)
  })
})
