/**
 * masstack's Pact provider states: the situations its contract names, and how the mock realises them.
 */
import { defineState, StateError } from '../../src/engine/provider-states.js'
import type { MasstackWorld } from './world.js'

export const accountBilled = defineState<{ orgId: string, accountId: number, from: string, to: string }>({
  template: 'account {accountId} of org {orgId} is billed from {from} to {to}',
  kind: 'data',
  // A pact may leave the org out ("account 214748364 is billed from …"): the well-known org.
  defaults: { orgId: 'telco' },
  setup ({ orgId, accountId, from, to }, { world }) {
    const account = world<MasstackWorld>().account(String(orgId), accountId)
    if (account?.from !== from || account.to !== to) throw new StateError(`Account ${orgId}/${accountId} is not billed from ${from} to ${to} in the fixtures.`)
  }
})

export const orgMissing = defineState<{ orgId: string }>({
  template: 'org {orgId} does not exist',
  kind: 'data',
  setup ({ orgId }, { world }) {
    if (world<MasstackWorld>().hasOrg(String(orgId))) throw new StateError(`Org ${orgId} exists in the fixtures.`)
  }
})

export const accountMissing = defineState<{ orgId: string, accountId: number }>({
  template: 'account {accountId} does not exist in org {orgId}',
  kind: 'data',
  // "account 999999999 does not exist", as other teams write it: in the well-known org.
  defaults: { orgId: 'telco' },
  setup ({ orgId, accountId }, { world }) {
    const masstack = world<MasstackWorld>()
    if (!masstack.hasOrg(String(orgId)) || masstack.account(String(orgId), accountId) !== undefined) throw new StateError(`Org ${orgId} is unknown or has account ${accountId}.`)
  }
})

export const masstackStates = [accountBilled, orgMissing, accountMissing]
