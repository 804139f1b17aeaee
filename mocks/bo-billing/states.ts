/**
 * bo-billing's Pact provider states: the situations its contract names, and how the mock realises them.
 */
import { defineState, scenarioState, StateError } from '../../src/engine/provider-states.js'
import type { BoWorld } from './world.js'

export const contractWithBills = defineState<{ id: number, contractNumber: number, bills: number }>({
  template: 'customer {id} has contract {contractNumber} with {bills} bills',
  kind: 'data',
  setup ({ id, contractNumber, bills }, { world }) {
    const lookup = world<BoWorld>().contract('CLIENT_NUMBER', id, contractNumber)
    if (!lookup.found) throw new StateError(`CLIENT_NUMBER ${id} has no contract ${contractNumber} in the fixtures.`)
    const count = lookup.collection.invoiceCollection.length
    if (count !== bills) throw new StateError(`Contract ${contractNumber} has ${count} bills in the fixtures, not ${bills}.`)
  }
})

export const customerMissing = defineState<{ id: number }>({
  template: 'customer {id} does not exist',
  kind: 'data',
  setup ({ id }, { world }) {
    const lookup = world<BoWorld>().contract('CLIENT_NUMBER', id, 1)
    if (lookup.found || lookup.missing !== 'customer') throw new StateError(`CLIENT_NUMBER ${id} exists; pick an id outside the fixtures and 70000000–79999999.`)
  }
})

export const contractMissing = defineState<{ id: number, contractNumber: number }>({
  template: 'customer {id} has no contract {contractNumber}',
  kind: 'data',
  setup ({ id, contractNumber }, { world }) {
    const lookup = world<BoWorld>().contract('CLIENT_NUMBER', id, contractNumber)
    if (lookup.found || lookup.missing !== 'contract') throw new StateError(`CLIENT_NUMBER ${id} is unknown or has contract ${contractNumber}.`)
  }
})

export const tokenExpired = scenarioState('the bearer token has expired', 'expired-token')
export const serviceFails = scenarioState('the billing service fails', { status: 500 })

export const boBillingStates = [contractWithBills, customerMissing, contractMissing, tokenExpired, serviceFails]
