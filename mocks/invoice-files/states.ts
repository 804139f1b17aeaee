/**
 * invoice-files' Pact provider states: the situations its contract names, and how the mock realises them.
 * The requestor is the customer of the token's OAuth client; the verifier sends a token of that client.
 */
import { defineState, scenarioState, StateError } from '../../src/engine/provider-states.js'
import type { FilesCustomer, InvoiceFilesWorld } from './world.js'

export const customerInvoices = defineState<{ clientId: string, customerId: string, invoices: number }>({
  template: 'client {clientId} acts for customer {customerId}, which has {invoices} invoices',
  kind: 'data',
  setup ({ clientId, customerId, invoices }, { world }) {
    const { requestor, customer } = requestorAndCustomer(world<InvoiceFilesWorld>(), String(clientId), String(customerId))
    if (requestor?.id !== customer?.id || customer?.invoices.length !== invoices) {
      throw new StateError(`Client ${clientId} does not act for customer ${customerId} with ${invoices} invoices in the fixtures.`)
    }
  }
})

/** One invoice of the requestor's own customer, and which files it has (`pdf`, `pdf,xml`): what one download yields. */
export const customerInvoiceFiles = defineState<{ clientId: string, customerId: string, invoiceId: string, files: string }>({
  template: 'client {clientId} acts for customer {customerId}, whose invoice {invoiceId} has the files {files}',
  kind: 'data',
  setup ({ clientId, customerId, invoiceId, files }, { world }) {
    const { customer, requestor } = requestorAndCustomer(world<InvoiceFilesWorld>(), String(clientId), String(customerId))
    const invoice = customer?.invoices.find((candidate) => candidate.id === String(invoiceId).toLowerCase())
    const wanted = String(files).split(',').map((file) => file.trim()).sort().join(',')
    if (requestor?.id !== customer?.id || invoice === undefined || [...invoice.files].sort().join(',') !== wanted) {
      throw new StateError(`Client ${clientId} does not act for customer ${customerId} with an invoice ${invoiceId} of the files ${files} in the fixtures.`)
    }
  }
})

/** An invoice ID that is not one of the requestor's own customer (another customer's, or none at all): CUSTOMER_1040. */
export const foreignInvoice = defineState<{ clientId: string, customerId: string, invoiceId: string }>({
  template: 'client {clientId} acts for customer {customerId}, which does not own invoice {invoiceId}',
  kind: 'data',
  setup ({ clientId, customerId, invoiceId }, { world }) {
    const { customer, requestor } = requestorAndCustomer(world<InvoiceFilesWorld>(), String(clientId), String(customerId))
    if (customer === undefined || requestor?.id !== customer.id || customer.invoices.some((invoice) => invoice.id === String(invoiceId).toLowerCase())) {
      throw new StateError(`Client ${clientId} does not act for customer ${customerId}, or the customer owns invoice ${invoiceId} in the fixtures.`)
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

export const invoiceFilesStates = [customerInvoices, customerInvoiceFiles, foreignInvoice, foreignCustomer, tokenExpired, serviceUnavailable, customerDetailsFail]

function requestorAndCustomer (files: InvoiceFilesWorld, clientId: string, customerId: string): { requestor: FilesCustomer | undefined, customer: FilesCustomer | undefined } {
  return { requestor: files.requestorCustomer(clientId), customer: files.customer(customerId.toLowerCase()) }
}
