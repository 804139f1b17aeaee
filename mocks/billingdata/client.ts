/**
 * Typed client of the reseller billing API, "Obtener todo (facturas)": every invoice of the token's reseller,
 * page by page. Reads both key sets (`Datos`/`éxito` and `data`/`success`).
 */
import type { BillingData, BillingInvoice } from './schemas.js'
import { call, type ClientOptions } from '../../src/clients/http.js'

export interface BillingPage {
  invoices: BillingInvoice[]
  /** X-Total-Count: invoices in all pages. */
  total: number | undefined
  /** The raw answer, with its documented keys. */
  body: BillingData
}

export interface BillingdataClient {
  /** `GET /api/v1.0/billingdata`. */
  getInvoices: (request?: { page?: number, pageSize?: number }) => Promise<BillingPage>
}

/**
 * @example
 * const billing = createBillingdataClient({ baseUrl: `${base}/billingdata`, tokens })
 * const { invoices, total } = await billing.getInvoices({ page: 1, pageSize: 10 })
 */
export function createBillingdataClient (options: ClientOptions): BillingdataClient {
  return {
    async getInvoices ({ page, pageSize } = {}) {
      const { headers, body } = await call<BillingData>(options, { method: 'GET', path: '/api/v1.0/billingdata', query: { page, page_size: pageSize } })
      const total = headers.get('x-total-count')
      return { invoices: 'Datos' in body ? body.Datos : body.data, total: total === null ? undefined : Number(total), body }
    }
  }
}
