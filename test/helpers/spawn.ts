/**
 * The server as a separate process (the bin, a packed copy, a container's start command), for what only
 * a real process shows: its output, its exit code, its files on disk.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { onTestFinished } from 'vitest'

export interface ServerProcess {
  child: ChildProcess
  /** The base URL the server printed (`billing-mocks listening on http://…`), with 127.0.0.1 as host. */
  baseUrl: string
  /** Everything it wrote to stdout and stderr so far. */
  output: () => string
}

/**
 * Runs `command` (e.g. `['node', 'bin/billing-mocks.js', 'start']`), waits until it has printed where it
 * listens, and kills it when the test finishes. Rejects with its output when it exits first.
 * @example
 * const { baseUrl } = await startServerProcess(['node', 'bin/billing-mocks.js', 'start'], { env: { BILLING_MOCKS_PORT: '0' } })
 */
export async function startServerProcess (command: readonly string[], options: { cwd?: string, env?: Record<string, string> } = {}): Promise<ServerProcess> {
  const [file = '', ...args] = command
  const child = spawn(file === 'node' ? process.execPath : file, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] })
  onTestFinished(() => { child.kill('SIGKILL') })
  let output = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { output += chunk })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { output += chunk })
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      // The banner's last line is always there (health) once it has printed the address.
      const port = /listening on http:\/\/[^\s:]+:(\d+)/.exec(output)?.[1]
      if (port !== undefined && output.includes('/health')) resolve(`http://127.0.0.1:${port}`)
    })
    child.once('exit', (code) => { reject(new Error(`${command.join(' ')} exited with ${String(code)} before listening:\n${output}`)) })
  })
  return { child, baseUrl, output: () => output }
}
