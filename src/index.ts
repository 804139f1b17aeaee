/**
 * billing-mocks as a library: the server factory and the typed consumer clients of the five APIs.
 * @example
 * import { startMockServer, buildApp, createBoBillingClient, clientCredentials } from 'billing-mocks'
 */
export { buildApp, type BuildOptions } from './app.js'
export { startMockServer, API_IDS, type ApiId, type MockServer, type MockServerOptions } from './server.js'
export { DEFAULT_CONFIG, type Config } from './config.js'
export * from '../mocks/clients.js'
