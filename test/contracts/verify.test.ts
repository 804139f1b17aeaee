import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TOKEN_PATH } from '../../src/auth/token-endpoint.js'
import { PACKAGE_ROOT } from '../../src/config.js'
import { verify } from '../../src/contracts/verify.js'
import { buildTestApp } from '../helpers/build-app.js'
import { verifyInChild } from './verify-child.js'

const BILLS_INTERACTION = 'a request for the first 5 bills of a contract'

/** A billing-mocks server on a real port, optionally with one answer changed. */
async function provider (breakIt?: (url: string, body: Record<string, unknown>) => Record<string, unknown>): Promise<string> {
  const app = await buildTestApp()
  if (breakIt !== undefined) {
    app.addHook('onSend', async (request, reply, payload) => {
      if (reply.statusCode !== 200 || typeof payload !== 'string' || !request.url.startsWith('/bo-billing/')) return payload
      return JSON.stringify(breakIt(request.url, JSON.parse(payload) as Record<string, unknown>))
    })
  }
  return app.listen({ host: '127.0.0.1', port: 0 })
}

describe('npm run verify', () => {
  it('verifies every bo-billing interaction against the in-process mock', async () => {
    const [report] = await verify({ provider: 'bo-billing', logLevel: 'error' })

    expect(report?.failed).toBe(false)
    expect(report?.verified).toContain(BILLS_INTERACTION)
    expect(report?.notVerifiable).toEqual([])
  })

  it('reports exactly the interaction a changed answer breaks, and why', async () => {
    const base = await provider((_url, body) => {
      const { contractNo, ...rest } = body
      return { ...rest, contractNumber: contractNo }
    })

    // In a process of its own: the verifier prints its mismatches, which belong to this test, not to npm test's output.
    const { reports: [report], output } = await verifyInChild([
      '--provider', 'bo-billing',
      '--base-url', `${base}/bo-billing`,
      '--state-change-url', `${base}/__admin/provider-states?api=bo-billing`,
      '--client-id', 'qa-client',
      '--client-secret', 'qa-secret',
      '--token-url', `${base}${TOKEN_PATH}`
    ])

    expect(report?.failed).toBe(true)
    expect(report?.failures.map((failure) => failure.interaction)).toEqual([expect.stringContaining(BILLS_INTERACTION)])
    expect(report?.failures[0]?.reasons.join('\n')).toMatch(/contractNo/)
    expect(report?.verified).toHaveLength(5)
    expect(output).toMatch(/FAILED: .*a request for the first 5 bills of a contract/)
  })

  it('replays only the interactions whose data exist against a real provider, and reports the rest as not verifiable', async () => {
    const base = await provider()

    const [report] = await verify({
      provider: 'bo-billing',
      baseUrl: `${base}/bo-billing`,
      clientId: 'qa-client',
      clientSecret: 'qa-secret',
      tokenUrl: `${base}${TOKEN_PATH}`,
      logLevel: 'error'
    })

    expect(report?.failed).toBe(false)
    expect(report?.verified.length).toBeGreaterThan(0)
    expect(report?.notVerifiable.map((skipped) => skipped.interaction).sort()).toEqual([
      'a request for bills while the billing service fails',
      'a request for bills with an expired token'
    ])
    expect(report?.notVerifiable[0]?.reason).toMatch(/cannot be set up on a third party's API/)
  })
})

describe('npm run verify, guard rails', () => {
  it('never turns to a broker for local pact files, even with PACT_BROKER_BASE_URL set', async () => {
    const saved = process.env.PACT_BROKER_BASE_URL
    process.env.PACT_BROKER_BASE_URL = 'http://127.0.0.1:9'
    try {
      const [report] = await verify({ provider: 'masstack', logLevel: 'error' })

      expect(report?.failed).toBe(false)
      expect(report?.verified).toHaveLength(5)
    } finally {
      if (saved === undefined) delete process.env.PACT_BROKER_BASE_URL
      else process.env.PACT_BROKER_BASE_URL = saved
    }
  })

  it('reports why a provider state could not be set up, reading its values from the name', async () => {
    const pact = JSON.parse(readFileSync(`${PACKAGE_ROOT}contracts/billing-clients-bo-billing.json`, 'utf8')) as { interactions: Array<{ description: string, providerStates?: Array<{ name: string, params?: unknown }> }> }
    const interaction = pact.interactions.find((candidate) => candidate.description === BILLS_INTERACTION)
    if (interaction !== undefined) interaction.providerStates = [{ name: 'customer 70000001 has contract 80000001 with 13 bills', params: {} }]
    const file = join(mkdtempSync(join(tmpdir(), 'bm-pact-')), 'bo.json')
    writeFileSync(file, JSON.stringify(pact))

    const { reports: [report] } = await verifyInChild(['--pact', file])

    expect(report?.failed).toBe(true)
    expect(report?.failures).toHaveLength(1)
    expect(report?.failures[0]?.reasons.join('\n')).toMatch(/has 12 bills in the fixtures, not 13/)
  })

  it('refuses a real provider without --provider, and fails when nothing could be replayed', async () => {
    const base = await provider()

    await expect(verify({ baseUrl: `${base}/bo-billing` })).rejects.toThrow(/--base-url needs --provider/)
    const [report] = await verify({ provider: 'bo-billing', baseUrl: `${base}/bo-billing`, token: 'x', states: statesFile({ 'customer {id} has contract {contractNumber} with {bills} bills': 'skip', 'customer {id} does not exist': 'skip', 'customer {id} has no contract {contractNumber}': 'skip' }), logLevel: 'error' })

    expect(report?.failed).toBe(true)
    expect(report?.error).toMatch(/Nothing was replayed/)
    expect(report?.notVerifiable).toHaveLength(6)
  })
})

function statesFile (rules: Record<string, string>): string {
  const file = join(mkdtempSync(join(tmpdir(), 'bm-states-')), 'states.yaml')
  writeFileSync(file, Object.entries(rules).map(([state, rule]) => `"${state}": ${rule}`).join('\n') + '\n')
  return file
}
