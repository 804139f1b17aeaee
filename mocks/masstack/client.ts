/**
 * Typed client of the MasStack customers API v2, Invoices. It takes no bearer token; the gateway header
 * `x-auth-roles` is sent instead.
 */
import type { InvoiceInfoList } from './schemas.js'
import { call, type ClientOptions } from '../../src/clients/http.js'

export interface AccountInvoicesRequest {
  orgId: string
  accountId: number
  /** yyyy-mm-dd; the account's whole history without dates. */
  startDate?: string
  endDate?: string
}

export interface MasstackClientOptions extends ClientOptions {
  /**
   * The gateway header `x-auth-roles` (default `API_KEY`). `null` sends no `x-auth-roles` at all, as a
   * call that bypassed the gateway would; the API answers it 400.
   * @example
   * createMasstackClient({ baseUrl, roles: null }) // no x-auth-roles header
   */
  roles?: string | null
}

export interface MasstackClient {
  /** `GET /v2/orgs/{orgId}/accounts/{accountId}/invoices`. */
  getInvoices: (request: AccountInvoicesRequest) => Promise<InvoiceInfoList>
}

/**
 * @example
 * const masstack = createMasstackClient({ baseUrl: `${base}/masstack` })
 * const { invoices } = await masstack.getInvoices({ orgId: 'telco', accountId: 214748364, startDate: '2025-01-01', endDate: '2025-12-31' })
 */
export function createMasstackClient (options: MasstackClientOptions): MasstackClient {
  return {
    async getInvoices ({ orgId, accountId, startDate, endDate }) {
      return (await call<InvoiceInfoList>(options, {
        method: 'GET',
        path: `/v2/orgs/${encodeURIComponent(orgId)}/accounts/${accountId}/invoices`,
        query: { start_date: startDate, end_date: endDate },
        headers: options.roles === null ? {} : { 'x-auth-roles': options.roles ?? 'API_KEY' },
        auth: false
      })).body
    }
  }
}
