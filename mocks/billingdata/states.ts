/**
 * billingdata's Pact provider states: the situations its contract names, and how the mock realises them.
 * The reseller is the one of the token's OAuth client; the verifier sends a token of that client.
 */
import { defineState, scenarioState, StateError } from '../../src/engine/provider-states.js'
import type { BillingdataWorld } from './world.js'

export const resellerInvoices = defineState<{ clientId: string, tenantId: string, invoices: number }>({
  template: 'client {clientId} acts for reseller {tenantId} with {invoices} invoices',
  kind: 'data',
  setup ({ clientId, tenantId, invoices }, { world }) {
    const reseller = world<BillingdataWorld>().resellerOf(String(clientId))
    if (reseller.tenantId !== tenantId || reseller.invoices.length !== invoices) {
      throw new StateError(`Client ${clientId} acts for ${reseller.tenantId} with ${reseller.invoices.length} invoices, not ${tenantId} with ${invoices}.`)
    }
  }
})

export const tokenExpired = scenarioState('the bearer token has expired', 'expired-token')
export const serviceFails = scenarioState('the billing data service fails', { status: 500 })

export const billingdataStates = [resellerInvoices, tokenExpired, serviceFails]
