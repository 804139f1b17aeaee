/**
 * invoice-files' Pact provider states: the situations its contract names, and how the mock realises them.
 * The requestor is the customer of the token's OAuth client; the verifier sends a token of that client.
 */
import { defineState, scenarioState, StateError } from '../../src/contracts/states.js'
import type { InvoiceFilesWorld } from './world.js'

export const customerInvoices = defineState<{ clientId: string, customerId: string, invoices: number }>({
  template: 'client {clientId} acts for customer {customerId}, which has {invoices} invoices',
  kind: 'data',
  setup ({ clientId, customerId, invoices }, { world }) {
    const files = world<InvoiceFilesWorld>()
    const requestor = files.requestorCustomer(String(clientId))
    const customer = files.customer(String(customerId))
    if (requestor?.id !== customer?.id || customer?.invoices.length !== invoices) {
      throw new StateError(`Client ${clientId} does not act for customer ${customerId} with ${invoices} invoices in the fixtures.`)
    }
  }
})

export const foreignCustomer = defineState<{ clientId: string, customerId: string }>({
  template: 'customer {customerId} is not in the tree of client {clientId}',
  kind: 'data',
  setup ({ clientId, customerId }, { world }) {
    const files = world<InvoiceFilesWorld>()
    const requestor = files.requestorCustomer(String(clientId))
    if (requestor === undefined || files.eligible(requestor, String(customerId))) throw new StateError(`Customer ${customerId} is in the tree of client ${clientId}.`)
  }
})

export const tokenExpired = scenarioState('the bearer token has expired', 'expired-token')
export const serviceUnavailable = scenarioState('the invoice service is unavailable', { error: 'GLOBAL_1001' })
export const customerDetailsFail = scenarioState('customer details cannot be retrieved', { error: 'CUSTOMER_1006' })

export const invoiceFilesStates = [customerInvoices, foreignCustomer, tokenExpired, serviceUnavailable, customerDetailsFail]
