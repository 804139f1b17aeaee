/**
 * How the mock reads a provider state worded by another team: each API's states (mocks/<id>/states.ts) by
 * their exact names first, then as paraphrases. A near miss must stay unrecognised, so that it warns (or
 * fails under --strict-states) instead of setting up the wrong state.
 */
import { describe, expect, it } from 'vitest'
import { mocks } from '../../mocks/index.js'
import type { StateParams } from '../../src/engine/provider-states.js'

/** The template and parameters the mock reads a name as, or undefined when it cannot recognise it. */
function recognise (api: string, name: string): { template: string, params: StateParams } | undefined {
  const states = mocks.find((mock) => mock.id === api)?.states ?? []
  for (const read of [(state: typeof states[number]) => state.parse(name), (state: typeof states[number]) => state.paraphrase(name)]) {
    const found = states.map((state) => ({ template: state.template, params: read(state) as StateParams | undefined })).filter(({ params }) => params !== undefined)
    if (found.length > 0) {
      expect(found, `"${name}" reads as more than one state of ${api}`).toHaveLength(1)
      return found[0] as { template: string, params: StateParams }
    }
  }
  return undefined
}

describe('provider states as other teams word them', () => {
  it.each([
    ['masstack', 'account 999999999 does not exist', 'account {accountId} does not exist in org {orgId}', { accountId: 999999999, orgId: 'telco' }],
    ['masstack', 'account 999999999 doesn\'t exist', 'account {accountId} does not exist in org {orgId}', { accountId: 999999999, orgId: 'telco' }],
    ['masstack', 'account 999999999 is unknown', 'account {accountId} does not exist in org {orgId}', { accountId: 999999999, orgId: 'telco' }],
    ['masstack', 'there is no account 999999999', 'account {accountId} does not exist in org {orgId}', { accountId: 999999999, orgId: 'telco' }],
    ['masstack', 'In org acme, account 5 is not found.', 'account {accountId} does not exist in org {orgId}', { accountId: 5, orgId: 'acme' }],
    ['masstack', 'org nope is unknown', 'org {orgId} does not exist', { orgId: 'nope' }],
    ['masstack', 'account 214748364 is billed from 2025-01-01 to 2026-10-31', 'account {accountId} of org {orgId} is billed from {from} to {to}', { accountId: 214748364, orgId: 'telco', from: '2025-01-01', to: '2026-10-31' }],
    ['masstack', 'from 2025-01-01 to 2026-10-31, account 214748364 in org telco is billed', 'account {accountId} of org {orgId} is billed from {from} to {to}', { accountId: 214748364, orgId: 'telco', from: '2025-01-01', to: '2026-10-31' }],
    ['bo-billing', 'customer 70000001 with contract 80000001 has 12 bills', 'customer {id} has contract {contractNumber} with {bills} bills', { id: 70000001, contractNumber: 80000001, bills: 12 }],
    ['bo-billing', 'contract 80000001 of customer 70000001 has 12 bills', 'customer {id} has contract {contractNumber} with {bills} bills', { id: 70000001, contractNumber: 80000001, bills: 12 }],
    ['bo-billing', 'customer 69000001 is unknown', 'customer {id} does not exist', { id: 69000001 }],
    ['bo-billing', 'customer 70000001 does not have contract 1', 'customer {id} has no contract {contractNumber}', { id: 70000001, contractNumber: 1 }],
    ['bo-billing', 'contract 1 of customer 70000001 does not exist', 'customer {id} has no contract {contractNumber}', { id: 70000001, contractNumber: 1 }],
    ['bo-billing', 'an expired bearer token', 'the bearer token has expired', {}],
    ['bo-billing', 'the billing service is down', 'the billing service fails', {}],
    ['hn-billing', 'invoice 000-001-01-00012345 of customer 50499990001 issued 2026-10-01', 'customer {msisdn} has invoice {invoiceNumber} issued on {invoiceDate}', { msisdn: 50499990001, invoiceNumber: '000-001-01-00012345', invoiceDate: '2026-10-01' }],
    ['hn-billing', 'invoice 1 of customer 50499990001 does not exist', 'customer {msisdn} has no invoice {invoiceNumber}', { msisdn: 50499990001, invoiceNumber: 1 }],
    ['invoice-files', 'customer 11111111-1111-4111-8111-111111111111, whose invoice aaaaaaaa-0000-4000-8000-000000000001 has the files pdf,xml, for which client qa-client acts', 'client {clientId} acts for customer {customerId}, whose invoice {invoiceId} has the files {files}', { clientId: 'qa-client', customerId: '11111111-1111-4111-8111-111111111111', invoiceId: 'aaaaaaaa-0000-4000-8000-000000000001', files: 'pdf,xml' }],
    ['billingdata', 'reseller reseller-1 has 4 invoices, and client qa-client acts for it', 'client {clientId} acts for reseller {tenantId} with {invoices} invoices', { clientId: 'qa-client', tenantId: 'reseller-1', invoices: 4 }],
    ['billingdata', 'the billing data service is failing', 'the billing data service fails', {}]
  ])('%s reads "%s" as "%s"', (api, name, template, params) => {
    const found = recognise(api, name)

    expect(found).toEqual({ template, params })
  })

  it.each([
    ['masstack', 'account 214748364 exists', 'a billed account needs its period'],
    ['masstack', 'account 999999999 does not exist in region eu', 'a part the state does not have'],
    ['bo-billing', 'customer 70000001 has contract 80000001', 'neither "with 12 bills" nor "has no"'],
    ['bo-billing', 'customer 70000001 has contract 80000001 with 12 invoices', 'bills, not invoices'],
    ['bo-billing', 'customer 70000001 has no contract', 'the contract\'s number is missing'],
    ['hn-billing', 'customer 50499990001 has invoice 000-001-01-00012345', 'the issue date is missing'],
    ['hn-billing', 'the moon is full', 'nothing like any state']
  ])('%s does not recognise "%s" (%s)', (api, name) => {
    expect(recognise(api, name)).toBeUndefined()
  })

  it('reads every state\'s exact name back as that state, with its parameters', () => {
    const states = mocks.flatMap((mock) => (mock.states ?? []).map((state) => ({ api: mock.id, state })))

    for (const { api, state } of states) {
      const params = Object.fromEntries([...state.template.matchAll(/\{(\w+)\}/g)].map(([, key], index) => [key ?? '', `value${index}`]))
      expect(recognise(api, state.name(params))?.template).toBe(state.template)
    }
  })
})
