/**
 * Typed client of Get Customer Invoice Files (API v2): one file, or a ZIP of several, base64 in JSON.
 */
import type { DownloadAnswer } from './schemas.js'
import { call, type ClientOptions } from '../../src/clients/http.js'

export interface InvoiceFilesClient {
  /**
   * `POST /api/v2/customer/{id}/download-invoices`: the customer's invoices (all, or those of `invoiceIds`).
   * `attachment` is the decoded file: a PDF or XML for one file, a ZIP for several.
   */
  downloadInvoices: (request: { customerId: string, invoiceIds?: string[] }) => Promise<DownloadAnswer & { attachment: Buffer | undefined }>
}

/**
 * @example
 * const files = createInvoiceFilesClient({ baseUrl: `${base}/invoice-files`, tokens })
 * const { attachment } = await files.downloadInvoices({ customerId: '11111111-1111-4111-8111-111111111111' })
 */
export function createInvoiceFilesClient (options: ClientOptions): InvoiceFilesClient {
  return {
    async downloadInvoices ({ customerId, invoiceIds }) {
      const { body } = await call<DownloadAnswer>(options, {
        method: 'POST',
        path: `/api/v2/customer/${encodeURIComponent(customerId)}/download-invoices`,
        body: invoiceIds === undefined ? {} : { id: invoiceIds }
      })
      const data = body.content[0]?.attachmentData
      return { ...body, attachment: data === undefined ? undefined : Buffer.from(data, 'base64') }
    }
  }
}
