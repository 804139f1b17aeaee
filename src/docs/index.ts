/**
 * `/docs`: one Swagger UI page over every API's `/<id>/openapi.json` (and the OAuth token endpoint's),
 * with a drop-down to switch between them. swagger-ui needs a swagger instance in its own context, so this
 * encapsulated plugin registers an empty one.
 */
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyPluginAsync } from 'fastify'

export interface DocsOptions {
  /** Each document's name and URL, in drop-down order. */
  documents: Array<{ name: string, url: string }>
}

const docs: FastifyPluginAsync<DocsOptions> = async (app, { documents }) => {
  await app.register(swagger, { openapi: { openapi: '3.0.3', info: { title: 'billing-mocks', version: '1' } } })
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: {
      urls: documents,
      deepLinking: true,
      persistAuthorization: true,
      displayRequestDuration: true
    }
  })
}

export default docs
