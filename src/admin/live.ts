/**
 * `GET /__admin/requests/stream`: the journal and the activations as server-sent events, for the QA console
 * (src/console) and anyone who wants to watch the mock live (`curl -N …/__admin/requests/stream`).
 *
 * Server-sent events rather than a WebSocket: the flow is one way (server to browser), it is plain HTTP, so
 * the admin guard, proxies and load balancers treat it as any other request, a client needs nothing beyond
 * `fetch`, and no new dependency is needed on either side.
 *
 * Events: `request` (a journal entry, oldest first, each once), `activations` (the whole list, whenever it
 * changed), `cleared` (the journal was emptied), `problem` (the journal could not be read, e.g. Redis down). The stream reads the journal and the activations through the state
 * store every POLL_MS, so it shows every replica's requests under `--state redis://…` and every worker's under
 * `--workers`, whichever process holds it open.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'

/** How often an open stream looks for new requests and changed activations. */
const POLL_MS = 300
/** A comment line this often keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 15_000
/** Requests sent when a stream opens (the newest, oldest first), and at most per look. */
const BACKLOG = 100

/** Where a stream reads from: the journal (newest first, with ids that only grow) and the activations. */
export interface LiveSource {
  requests: (limit: number) => Promise<Array<{ id: number }>>
  activations: () => Promise<unknown[]>
  /** The journal's generation (one more at each clear), where the source knows it. */
  generation?: () => number
}

/** Open streams, ended when the server closes so they never hold its shutdown. */
const open = new Set<() => void>()

/**
 * Serves one stream until the client goes away or the server closes.
 * @example
 * app.get('/requests/stream', async (request, reply) => { streamLive(request, reply, source) })
 */
export function streamLive (request: FastifyRequest, reply: FastifyReply, source: LiveSource): void {
  reply.hijack()
  const response = reply.raw
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-accel-buffering': 'no'
  })
  let stopped = false
  // Nothing is written once the stream is over, whatever a look still waiting on the store brings back.
  const write = (text: string): void => { if (!stopped && !response.writableEnded && !response.destroyed) response.write(text) }
  const send = (event: string, data: unknown): void => { write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`) }
  /** The ids sent that are still among the newest: entries are sent by id, whatever order they were listed in. */
  let sent = new Set<number>()
  let generation = source.generation?.()
  let activations = ''
  let timer: NodeJS.Timeout | undefined

  const look = async (): Promise<void> => {
    const entries = await source.requests(BACKLOG)
    const now = source.generation?.()
    // Emptied: by the journal's generation where the source knows it, else by an empty journal after entries.
    if (now !== generation || (now === undefined && sent.size > 0 && entries.length === 0)) {
      if (sent.size > 0 || now !== generation) send('cleared', {})
      sent = new Set()
      generation = now
    }
    for (const entry of [...entries].reverse()) {
      if (!sent.has(entry.id)) send('request', entry)
    }
    sent = new Set(entries.map((entry) => entry.id))
    const listed = JSON.stringify(await source.activations())
    if (listed !== activations) {
      activations = listed
      write(`event: activations\ndata: ${listed}\n\n`)
    }
  }
  const loop = (): void => {
    // A reader that does not keep up is not sent more until it has.
    const looking = response.writableNeedDrain ? Promise.resolve() : look()
    looking.catch((err: unknown) => { send('problem', { message: (err as Error).message }) }).finally(() => {
      if (!stopped) timer = setTimeout(loop, POLL_MS)
    })
  }
  const heartbeat = setInterval(() => { write(': still here\n\n') }, HEARTBEAT_MS)
  const stop = (): void => {
    if (stopped) return
    stopped = true
    clearTimeout(timer)
    clearInterval(heartbeat)
    open.delete(stop)
    if (!response.writableEnded) response.end()
  }
  open.add(stop)
  request.raw.on('close', stop)
  response.on('close', stop)
  response.on('error', stop)
  write('retry: 1000\n\n')
  loop()
}

/** Ends every open stream (a server about to close). */
export function endLiveStreams (): void {
  for (const stop of [...open]) stop()
}
