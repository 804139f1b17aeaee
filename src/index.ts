/**
 * billing-mocks as a library: the server factory and the typed consumer clients of the five APIs.
 * @example
 * import { buildApp, createBoBillingClient, clientCredentials } from 'billing-mocks'
 */
export { buildApp, type BuildOptions } from './app.js'
export { DEFAULT_CONFIG, type Config } from './config.js'
export * from './clients/index.js'
