/**
 * Typed consumer clients of the five APIs (fetch-based), for applications and for the Pact consumer tests.
 * Point them at the mock (`http://127.0.0.1:4010/<id>`) or at the real provider.
 */
export { createBillingdataClient, type BillingdataClient, type BillingPage } from './billingdata/client.js'
export { createBoBillingClient, type BillsRequest, type BoBillingClient } from './bo-billing/client.js'
export { createHnBillingClient, type HnBillingClient, type HnInvoiceRequest } from './hn-billing/client.js'
export { ApiError, type ClientOptions } from '../src/clients/http.js'
export { createInvoiceFilesClient, type InvoiceFilesClient } from './invoice-files/client.js'
export { createMasstackClient, type AccountInvoicesRequest, type MasstackClient, type MasstackClientOptions } from './masstack/client.js'
export { clientCredentials, staticToken, type ClientCredentials, type TokenProvider } from '../src/clients/token-provider.js'
