/**
 * Latency and wire faults as a client meets them: the delay before an answer, a reset or silently closed
 * connection, and bodies that are malformed, cut short or trickled. Connection faults take the socket over
 * before any byte is written; body faults reshape the serialised answer in `onSend`.
 */
import { Readable } from 'node:stream'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Latency, Outcome, Trickle } from '../engine/scenario-schema.js'

const DEFAULT_LOGNORMAL_MAX = 60_000
const DEFAULT_TRICKLE: Required<Trickle> = { durationMs: 5000, chunks: 10 }

/**
 * Draws one delay, in milliseconds. Latency is the one thing that is not seeded: a test that wants an exact
 * delay uses `fixed`.
 * @example
 * sampleLatency({ lognormal: { median: 300, sigma: 0.4 } }) // ≈ 300, with a long tail
 */
export function sampleLatency (latency: Latency, random: () => number = Math.random): number {
  if ('fixed' in latency) return latency.fixed
  if ('uniform' in latency) return Math.round(latency.uniform.min + random() * (latency.uniform.max - latency.uniform.min))
  // Box–Muller: a standard normal from two uniforms; exp(ln(median) + sigma·z) is log-normal around the median.
  const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
  const drawn = Math.round(latency.lognormal.median * Math.exp(latency.lognormal.sigma * z))
  return Math.min(drawn, latency.lognormal.max ?? DEFAULT_LOGNORMAL_MAX)
}

/**
 * Ends the exchange at the socket for `connection-reset` (TCP RST: fetch rejects with ECONNRESET) and
 * `empty-reply` (closed before a byte: fetch rejects with "other side closed"). Returns whether it did.
 * @example
 * if (breakConnection(request, reply, { fault: 'connection-reset' })) return // the reply is hijacked
 */
export function breakConnection (request: FastifyRequest, reply: FastifyReply, outcome: Outcome): boolean {
  if (outcome.fault !== 'connection-reset' && outcome.fault !== 'empty-reply') return false
  reply.hijack()
  const socket = request.raw.socket as (typeof request.raw.socket & { resetAndDestroy?: () => void }) | null
  if (outcome.fault === 'connection-reset' && typeof socket?.resetAndDestroy === 'function') socket.resetAndDestroy()
  else if (socket !== null && typeof socket.destroy === 'function') socket.destroy()
  else reply.raw.destroy()
  return true
}

/**
 * The body a client receives under a body fault: the same bytes cut half-way (`truncated`, with the
 * Content-Length of the whole), sent piece by piece (`trickle`), or made unparseable (`malformed-json`).
 * Any other outcome leaves the payload as it is.
 * @example
 * app.addHook('onSend', async (request, reply, payload) => reshapeBody(reply, payload, { fault: 'trickle' }))
 */
export function reshapeBody (reply: FastifyReply, payload: unknown, outcome: Outcome): unknown {
  if (outcome.fault !== 'malformed-json' && outcome.fault !== 'truncated' && outcome.fault !== 'trickle') return payload
  const bytes = typeof payload === 'string' ? Buffer.from(payload) : Buffer.isBuffer(payload) ? payload : Buffer.alloc(0)
  if (outcome.fault === 'malformed-json') {
    // A trailing comma before the closing brace: what a gateway that splices bodies sends; JSON.parse rejects it.
    const text = bytes.toString('utf8').replace(/\}\s*$/, '')
    reply.header('content-type', 'application/json; charset=utf-8')
    return `${text === '' ? '{"status":"ok"' : text},}`
  }
  reply.header('content-length', String(bytes.length))
  if (outcome.fault === 'truncated') {
    const half = bytes.subarray(0, Math.floor(bytes.length / 2))
    let cut = false
    return new Readable({
      read () {
        // The stream asks again before the cut: pushing the half each time filled the Content-Length with
        // repeated bytes, and the client read a "whole" (garbled) body instead of failing.
        if (cut) return
        cut = true
        this.push(half)
        // Destroying the stream after the half makes Fastify close the connection under the client.
        setImmediate(() => this.destroy(new Error('billing-mocks truncated fault: body cut on purpose')))
      }
    })
  }
  return trickle(bytes, { ...DEFAULT_TRICKLE, ...outcome.trickle })
}

function trickle (bytes: Buffer, { durationMs, chunks }: Required<Trickle>): Readable {
  const size = Math.max(1, Math.ceil(bytes.length / chunks))
  const pieces: Buffer[] = []
  for (let offset = 0; offset < bytes.length; offset += size) pieces.push(bytes.subarray(offset, offset + size))
  const interval = pieces.length > 1 ? durationMs / (pieces.length - 1) : durationMs
  let sent = 0
  let timer: NodeJS.Timeout | undefined
  return new Readable({
    read () {
      if (timer !== undefined) return
      if (sent >= pieces.length) { this.push(null); return }
      const push = (): void => {
        timer = undefined
        const more = this.push(pieces[sent++])
        if (sent >= pieces.length) { this.push(null); return }
        if (more) timer = setTimeout(push, interval)
      }
      // The first piece goes at once, the last one `durationMs` later.
      if (sent === 0) push()
      else timer = setTimeout(push, interval)
    },
    destroy (err, callback) {
      if (timer !== undefined) clearTimeout(timer)
      callback(err)
    }
  })
}
