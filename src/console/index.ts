/**
 * `/__admin/console`: the QA console, a page served by the server itself (no other process, nothing from a
 * CDN) that sees and steers the mock through the public admin API only: the APIs with their example
 * requests, scenarios and activations, the live journal, invoice files, fixture reloads.
 *
 * Registered inside the admin API, so the same guard applies (Host rule, Origin check). The page and its
 * script are static and hold no state: they load without the admin token, and the page asks for the token
 * before its first call when the server has one. The front end (./web) is Preact with htm, bundled by esbuild
 * at `npm run build` into dist/src/console/web.
 */
import { readFileSync } from 'node:fs'
import type { FastifyPluginAsync } from 'fastify'
import { PACKAGE_ROOT } from '../config.js'

const BUILT = `${PACKAGE_ROOT}dist/src/console/web/`

/** The page: a shell the script fills in. */
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>billing-mocks — QA console</title>
<link rel="stylesheet" href="/__admin/console/console.css">
</head>
<body>
<noscript>The QA console needs JavaScript. Everything it does is also in the admin API: /__admin/openapi.json.</noscript>
<div id="console"></div>
<script type="module" src="/__admin/console/console.js"></script>
</body>
</html>
`

/** The built files, read once; a missing build answers with how to make it. */
function built (name: string): string | undefined {
  try {
    return readFileSync(`${BUILT}${name}`, 'utf8')
  } catch {
    return undefined
  }
}

const qaConsole: FastifyPluginAsync = async (app) => {
  const files = { js: built('console.js'), css: built('console.css') }
  const missing = 'The QA console is not built: run `npm run build`.'

  app.get('/console', { schema: { hide: true } }, async (_request, reply) => {
    if (files.js === undefined) return await reply.code(503).type('text/plain; charset=utf-8').send(missing)
    return await reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(PAGE)
  })
  app.get('/console/', { schema: { hide: true } }, async (_request, reply) => await reply.redirect('/__admin/console'))
  app.get('/console/console.js', { schema: { hide: true } }, async (_request, reply) =>
    await reply.code(files.js === undefined ? 503 : 200).type('text/javascript; charset=utf-8').send(files.js ?? missing))
  app.get('/console/console.css', { schema: { hide: true } }, async (_request, reply) =>
    await reply.code(files.css === undefined ? 503 : 200).type('text/css; charset=utf-8').send(files.css ?? missing))
}

export default qaConsole
