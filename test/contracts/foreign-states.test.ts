/**
 * A pact written by another team, whose provider states are worded their way: verification matches the
 * paraphrases of the mock's states, warns about a state it cannot recognise (pact-js's convention) and
 * verifies that interaction against the default world; `--strict-states` keeps unknown states a failure.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { summary, verify } from '../../src/contracts/verify.js'
import { verifyInChild } from './verify-child.js'

const ROLES = { 'x-auth-roles': ['API_KEY'] }

function interaction (description: string, state: string, path: string, status: number): object {
  return {
    type: 'Synchronous/HTTP',
    description,
    pending: false,
    providerStates: [{ name: state }],
    request: { method: 'GET', path, headers: ROLES },
    response: { status }
  }
}

/** Another team's pact for masstack: an org left out, the parameters in another order, and a state of their own. */
function foreignPact (): string {
  const dir = mkdtempSync(join(tmpdir(), 'billing-mocks-foreign-pact-'))
  onTestFinished(() => { rmSync(dir, { recursive: true, force: true }) })
  const file = join(dir, 'invoicing-ui-masstack.json')
  writeFileSync(file, JSON.stringify({
    consumer: { name: 'invoicing-ui' },
    provider: { name: 'masstack' },
    interactions: [
      interaction('an unknown account', 'account 999999999 does not exist', '/v2/orgs/telco/accounts/999999999/invoices', 404),
      interaction('the invoices of a billed account', 'from 2025-01-01 to 2026-10-31, account 214748364 in org telco is billed', '/v2/orgs/telco/accounts/214748364/invoices', 200),
      interaction('the invoices on a full moon', 'the moon is full', '/v2/orgs/telco/accounts/214748364/invoices', 200)
    ],
    metadata: { pactSpecification: { version: '4.0' } }
  }))
  return file
}

describe('npm run verify, a pact with another team\'s wording of the states', () => {
  it('verifies paraphrased states, and an unknown one with a warning against the default world', async () => {
    const [report] = await verify({ provider: 'masstack', pact: [foreignPact()], logLevel: 'error' })

    expect(report?.failed).toBe(false)
    expect(report?.verified.sort()).toEqual(['an unknown account', 'the invoices of a billed account', 'the invoices on a full moon'])
    expect(report?.warnings).toEqual([expect.stringContaining('state "the moon is full" is unknown to the mock (it knows "account {accountId} of org {orgId} is billed from {from} to {to}", ')])
    expect(summary(report === undefined ? [] : [report])).toMatch(/warning: state "the moon is full".*--strict-states/)
  }, 60_000)

  it('fails the interaction of the unknown state with --strict-states, naming it', async () => {
    // In a process of its own: the verifier prints the failure, which belongs to this test, not to npm test's output.
    const { reports: [report], output } = await verifyInChild(['--provider', 'masstack', '--pact', foreignPact(), '--strict-states'])

    expect(report?.failed).toBe(true)
    expect(report?.failures.map((failure) => failure.interaction).join('\n')).toContain('the invoices on a full moon')
    expect(report?.failures.flatMap((failure) => failure.reasons).join('\n')).toMatch(/No provider state "the moon is full"/)
    expect(report?.verified.sort()).toEqual(['an unknown account', 'the invoices of a billed account'])
    expect(output).toMatch(/FAILED: .*the invoices on a full moon/)
  }, 60_000)
})
