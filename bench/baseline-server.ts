/**
 * The bare baseline of `npm run bench`: a Fastify server with one route per size, `GET|POST /<bytes>`, each
 * answering a precomputed JSON string of exactly that many bytes — no schema, no serializer, no hooks. It is
 * what the same Fastify on the same machine can do, so each endpoint's numbers can be read as a ratio to a
 * baseline answer of the same size.
 *
 *   node dist/bench/baseline-server.js 6383 28572   # prints "baseline listening on http://127.0.0.1:<port> …"
 *
 * Started by bench/http.ts in its own child process; not meant to be run by hand.
 */
import Fastify from 'fastify'

const sizes = process.argv.slice(2).map(Number)
const envelope = JSON.stringify({ data: '' }).length
if (sizes.length === 0 || sizes.some((bytes) => !Number.isInteger(bytes) || bytes < envelope)) {
  process.stderr.write(`baseline-server: give answer sizes, integers of at least ${envelope} bytes, got "${process.argv.slice(2).join(' ')}".\n`)
  process.exit(1)
}

const app = Fastify({ logger: false })
for (const bytes of new Set(sizes)) {
  /** `{"data":"xxx…"}`, exactly `bytes` bytes of ASCII. */
  const body = JSON.stringify({ data: 'x'.repeat(bytes - envelope) })
  // GET and POST: each endpoint's baseline is sent the same request as the endpoint (a JSON body is parsed).
  app.route({ method: ['GET', 'POST'], url: `/${bytes}`, handler: async (_request, reply) => reply.type('application/json; charset=utf-8').send(body) })
}
const address = await app.listen({ host: '127.0.0.1', port: 0 })
process.stdout.write(`baseline listening on ${address} (GET /<bytes> for ${[...new Set(sizes)].join(', ')} bytes)\n`)
process.on('SIGTERM', () => { app.close().then(() => process.exit(0), () => process.exit(1)) })
