/**
 * hn-billing's Pact provider states: the situations its contract names, and how the mock realises them.
 */
import { defineState, scenarioState, StateError } from '../../src/engine/provider-states.js'
import type { HnWorld } from './world.js'

export const invoiceIssued = defineState<{ msisdn: string, invoiceNumber: string, invoiceDate: string }>({
  template: 'customer {msisdn} has invoice {invoiceNumber} issued on {invoiceDate}',
  kind: 'data',
  setup ({ msisdn, invoiceNumber, invoiceDate }, { world }) {
    const invoice = world<HnWorld>().customer(String(msisdn))?.invoices.get(invoiceNumber)
    if (invoice?.invoiceDate !== invoiceDate) throw new StateError(`MSISDN ${msisdn} has no invoice ${invoiceNumber} of ${invoiceDate} in the fixtures.`)
  }
})

export const invoiceMissing = defineState<{ msisdn: string, invoiceNumber: string }>({
  template: 'customer {msisdn} has no invoice {invoiceNumber}',
  kind: 'data',
  setup ({ msisdn, invoiceNumber }, { world }) {
    const customer = world<HnWorld>().customer(String(msisdn))
    if (customer === undefined) throw new StateError(`MSISDN ${msisdn} does not exist; pick a customer of the fixtures or of 50499000000–50499999999.`)
    if (customer.invoices.has(invoiceNumber)) throw new StateError(`MSISDN ${msisdn} has invoice ${invoiceNumber}; pick a number it does not have.`)
  }
})

export const invoiceWithoutEInvoice = defineState<{ msisdn: string, invoiceNumber: string }>({
  template: 'invoice {invoiceNumber} of customer {msisdn} has no electronic invoice',
  kind: 'data',
  setup ({ msisdn, invoiceNumber }, { world }) {
    const invoice = world<HnWorld>().customer(String(msisdn))?.invoices.get(invoiceNumber)
    if (invoice === undefined || invoice.eInvoice) throw new StateError(`Invoice ${invoiceNumber} of ${msisdn} is missing or has an e-invoice.`)
  }
})

export const customerMissing = defineState<{ msisdn: string }>({
  template: 'customer {msisdn} does not exist',
  kind: 'data',
  setup ({ msisdn }, { world }) {
    if (world<HnWorld>().customer(String(msisdn)) !== undefined) throw new StateError(`MSISDN ${msisdn} exists; pick one outside the fixtures and 50499000000–50499999999.`)
  }
})

export const tokenExpired = scenarioState('the bearer token has expired', 'expired-token')
export const serviceFails = scenarioState('the invoice service fails', { status: 500 })

export const hnBillingStates = [invoiceIssued, invoiceMissing, invoiceWithoutEInvoice, customerMissing, tokenExpired, serviceFails]
