/**
 * Invoice documents as bytes: PDF, UBL 2.1 XML and ZIP, all deterministic, plus a byte-bounded cache.
 * Mocks import from here only.
 */
export { decimalAmount, invoiceTotals, printedAmount } from './invoice.js'
export type { InvoiceDocument, InvoiceLine, InvoiceTotals, Party } from './invoice.js'
export { pinnedDate } from './format.js'
export { renderInvoicePdf } from './pdf.js'
export { renderInvoiceUbl } from './xml.js'
export { zipFiles } from './zip.js'
export type { ZipEntry } from './zip.js'
export { createDocumentCache } from './cache.js'
export type { DocumentCache, DocumentCacheStats } from './cache.js'
