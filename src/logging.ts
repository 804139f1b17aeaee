/**
 * How the server's log lines look: readable lines (pino-pretty) for a person at a terminal, one JSON object
 * per line for everything else (files, pipes, containers, log collectors). `--log-format` overrides the
 * choice either way.
 */
import { createRequire } from 'node:module'
import type pretty from 'pino-pretty'
import type { LogFormat } from './config.js'

/**
 * Decides the format: `pretty` and `json` as asked; `auto` is pretty when stdout is a terminal.
 * @example
 * chooseLogFormat('auto', { isTTY: true })  // 'pretty'
 * chooseLogFormat('auto', { isTTY: false }) // 'json'
 * chooseLogFormat('json', { isTTY: true })  // 'json'
 */
export function chooseLogFormat (setting: LogFormat, stdout: { isTTY?: boolean } = process.stdout): 'pretty' | 'json' {
  if (setting !== 'auto') return setting
  return stdout.isTTY === true ? 'pretty' : 'json'
}

/**
 * What to add to Fastify's `logger` options for a format: a pino-pretty stream on stdout, or nothing (pino's
 * JSON on stdout). pino-pretty runs in the process and writes synchronously (not in a transport's worker
 * thread), so the last lines before an exit are not lost.
 * @example
 * Fastify({ logger: { level: 'info', redact: ['req.headers.authorization'], ...logDestination('auto') } })
 */
export function logDestination (setting: LogFormat, stdout: { isTTY?: boolean } = process.stdout): { stream?: ReturnType<typeof pretty> } {
  if (chooseLogFormat(setting, stdout) === 'json') return {}
  // Loaded only when used: it is a twentieth of a second of start-up that JSON logs do not need.
  const prettyStream = createRequire(import.meta.url)('pino-pretty') as typeof pretty
  return {
    stream: prettyStream({
      colorize: stdout.isTTY === true,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname,reqId,req,res,responseTime',
      messageFormat: requestLine,
      singleLine: true,
      sync: true
    })
  }
}

/**
 * One short line per request event instead of Fastify's objects:
 * `incoming request: GET /masstack/v2/… (req-1)`, `request completed: 200 in 4.1 ms (req-1)`.
 */
function requestLine (log: Record<string, unknown>, messageKey: string): string {
  const message = String(log[messageKey] ?? '')
  const id = typeof log.reqId === 'string' ? ` (${log.reqId})` : ''
  const req = log.req as { method?: string, url?: string } | undefined
  const res = log.res as { statusCode?: number } | undefined
  if (req?.method !== undefined) return `${message}: ${req.method} ${req.url ?? ''}${id}`
  if (res?.statusCode !== undefined && typeof log.responseTime === 'number') return `${message}: ${res.statusCode} in ${log.responseTime.toFixed(1)} ms${id}`
  return `${message}${id}`
}
