/**
 * The registry: every API the server mounts, each under `/<id>`. Adding an API is a folder plus one line.
 */
import billingdata from './billingdata/index.js'
import boBilling from './bo-billing/index.js'
import masstack from './masstack/index.js'

export const mocks = [boBilling, masstack, billingdata] as const
