/**
 * The bare baseline of `npm run bench`: a Fastify server with one route, `GET /`, that answers a precomputed
 * JSON string of exactly `<bytes>` bytes — no schema, no serializer, no hooks. It is what the same Fastify on
 * the same machine can do, so the real server's numbers can be read as a ratio to it.
 *
 *   node dist/bench/baseline-server.js 6383    # prints "baseline listening on http://127.0.0.1:<port>"
 *
 * Started by bench/http.ts in its own child process; not meant to be run by hand.
 */
import Fastify from 'fastify'

const bytes = Number(process.argv[2])
const envelope = JSON.stringify({ data: '' }).length
if (!Number.isInteger(bytes) || bytes < envelope) {
  process.stderr.write(`baseline-server: the answer size must be an integer of at least ${envelope} bytes, got "${process.argv[2] ?? ''}". Pass it as the first argument.\n`)
  process.exit(1)
}
/** `{"data":"xxx…"}`, exactly `bytes` bytes of ASCII. */
const body = JSON.stringify({ data: 'x'.repeat(bytes - envelope) })

const app = Fastify({ logger: false })
app.get('/', async (_request, reply) => reply.type('application/json; charset=utf-8').send(body))
const address = await app.listen({ host: '127.0.0.1', port: 0 })
process.stdout.write(`baseline listening on ${address} (${body.length} bytes)\n`)
process.on('SIGTERM', () => { app.close().then(() => process.exit(0), () => process.exit(1)) })
