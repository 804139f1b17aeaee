/**
 * masstack's Pact provider states: the situations its contract names, and how the mock realises them.
 */
import { defineState, StateError } from '../../src/engine/provider-states.js'
import type { MasstackWorld } from './world.js'

export const accountBilled = defineState<{ orgId: string, accountId: number, from: string, to: string }>({
  template: 'account {accountId} of org {orgId} is billed from {from} to {to}',
  kind: 'data',
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
  setup ({ orgId, accountId }, { world }) {
    const masstack = world<MasstackWorld>()
    if (!masstack.hasOrg(String(orgId)) || masstack.account(String(orgId), accountId) !== undefined) throw new StateError(`Org ${orgId} is unknown or has account ${accountId}.`)
  }
})

export const masstackStates = [accountBilled, orgMissing, accountMissing]
