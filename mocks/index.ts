/**
 * The registry: every API the server mounts, each under `/<id>`. Adding an API is a folder plus one line.
 */
import billingdata from './billingdata/index.js'
import boBilling from './bo-billing/index.js'
import hnBilling from './hn-billing/index.js'
import invoiceFiles from './invoice-files/index.js'
import masstack from './masstack/index.js'

export const mocks = [hnBilling, boBilling, masstack, billingdata, invoiceFiles] as const
