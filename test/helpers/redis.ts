/**
 * A real redis-server (Debian's package) on a free port, for the tests of `--state redis://…`; never a mocked
 * client. `.ci/run` installs the package; where it is missing the tests that need it say so and skip.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { onTestFinished } from 'vitest'

/** The redis-server binary, when this machine has one. */
export const REDIS_SERVER = ['/usr/bin/redis-server', '/usr/local/bin/redis-server']
  .find((candidate) => spawnSync(candidate, ['--version']).status === 0)

export const NO_REDIS = 'skipped: no redis-server found (install Debian\'s package: apt-get install -y redis-server)'

export interface RedisServer {
  url: string
  port: number
  child: ChildProcess
  /** Kills it (SIGKILL): as an outage looks to the clients. */
  kill: () => Promise<void>
  /** Starts it again on the same port (an empty server: nothing is saved). */
  restart: () => Promise<void>
}

/**
 * @example
 * const redis = await startRedis({ password: 's3cret' })
 * const app = await buildApp({ state: redis.url })
 */
export async function startRedis ({ password }: { password?: string } = {}): Promise<RedisServer> {
  const port = await freePort()
  const launch = async (): Promise<ChildProcess> => await launchAt(port, password)
  let child = await launch()
  const server: RedisServer = {
    url: password === undefined ? `redis://127.0.0.1:${port}` : `redis://default:${password}@127.0.0.1:${port}`,
    port,
    get child () { return child },
    async kill () {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGKILL')
      await exited
    },
    async restart () { child = await launch() }
  }
  onTestFinished(async () => { await server.kill() })
  return server
}

async function launchAt (port: number, password: string | undefined): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...(password === undefined ? [] : ['--requirepass', password])]
  const child = spawn(REDIS_SERVER ?? 'redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  await new Promise<void>((resolve, reject) => {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk
      if (output.includes('Ready to accept connections')) resolve()
    })
    child.once('exit', (code) => { reject(new Error(`redis-server exited with ${String(code)}:\n${output}`)) })
  })
  return child
}

async function freePort (): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise((resolve) => server.close(resolve))
  if (address === null || typeof address === 'string') throw new Error('no free port')
  return address.port
}
