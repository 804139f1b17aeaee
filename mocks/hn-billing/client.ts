/**
 * Typed client of hn-billing (tigo_b2b_hn_billing_v2): one invoice of an MSISDN as a base64 PDF or XML.
 */
import type { InvoiceAnswer, InvoiceType, ResultType } from './schemas.js'
import { call, type ClientOptions } from '../../src/clients/http.js'

export interface HnInvoiceRequest {
  msisdn: string
  invoiceNumber: string
  /** yyyy-mm-dd */
  invoiceDate: string
  type: InvoiceType
  typeResult: ResultType
}

export interface HnBillingClient {
  /** `POST /customers/{msisdn}/invoices`: the invoice file, base64 in `invoice`. */
  downloadInvoice: (request: HnInvoiceRequest) => Promise<InvoiceAnswer>
}

/**
 * @example
 * const hn = createHnBillingClient({ baseUrl: `${base}/hn-billing`, tokens })
 * const { invoice } = await hn.downloadInvoice({ msisdn: '50499990001', invoiceNumber: '000-001-01-00012345', invoiceDate: '2026-10-01', type: 'SUMMARY', typeResult: 'PDF' })
 */
export function createHnBillingClient (options: ClientOptions): HnBillingClient {
  return {
    async downloadInvoice ({ msisdn, ...query }) {
      return (await call<InvoiceAnswer>(options, { method: 'POST', path: `/customers/${encodeURIComponent(msisdn)}/invoices`, query })).body
    }
  }
}
