/**
 * Typed client of bo-billing (tigo_b2b_bo_billing_v2): the bills collection of a customer's contract.
 */
import type { BillsCollection } from './schemas.js'
import { call, type ClientOptions } from '../../src/clients/http.js'

export interface BillsRequest {
  idType: string
  id: number
  contractNumber: number
  /** Page, from 1. */
  pageInit?: number
  /** Page size. */
  quantity?: number
}

export interface BoBillingClient {
  /** `GET /customers/{idType}/{id}/bills`. */
  getBills: (request: BillsRequest) => Promise<BillsCollection>
}

/**
 * @example
 * const bo = createBoBillingClient({ baseUrl: `${base}/bo-billing`, tokens })
 * const { invoiceCollection } = await bo.getBills({ idType: 'CLIENT_NUMBER', id: 70000001, contractNumber: 80000001 })
 */
export function createBoBillingClient (options: ClientOptions): BoBillingClient {
  return {
    async getBills ({ idType, id, ...query }) {
      return (await call<BillsCollection>(options, { method: 'GET', path: `/customers/${encodeURIComponent(idType)}/${id}/bills`, query })).body
    }
  }
}
