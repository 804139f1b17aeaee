import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { describe, expect, it, onTestFinished } from 'vitest'
import { createProgram, CLI_OPTIONS } from '../../src/cli.js'

const bin = new URL('../../bin/billing-mocks.js', import.meta.url).pathname

/** Starts the real bin (the compiled CLI that `npm start` runs) and resolves with its first printed lines. */
async function startBin (args: string[], env: Record<string, string> = {}): Promise<{ output: string, child: ReturnType<typeof spawn> }> {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  onTestFinished(() => { child.kill('SIGKILL') })
  let output = ''
  child.stdout.setEncoding('utf8')
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk: string) => { output += chunk })
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      output += chunk
      if (output.includes('health')) resolve()
    })
    child.once('exit', (code) => { reject(new Error(`billing-mocks exited with ${String(code)} before listening:\n${output}`)) })
  })
  return { output, child }
}

describe('billing-mocks start', () => {
  it('lists every option and its environment variable in --help', () => {
    const help = createProgram().commands.find((command) => command.name() === 'start')?.helpInformation() ?? ''

    for (const option of CLI_OPTIONS) {
      expect(help).toContain(option.flag.split(' ').find((part) => part.startsWith('--')))
      expect(help).toContain(option.env)
    }
  })

  it('prints the URL of /docs and of each API, answers /health and exits 0 on SIGTERM', async () => {
    const { output, child } = await startBin(['start', '--port', '0', '--seed', '7', '--token-ttl', '60', '--log-level', 'warn'])
    const base = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1]

    expect(base).toBeDefined()
    for (const path of ['/docs', '/bo-billing', '/masstack', '/billingdata', '/__admin/console']) expect(output).toContain(`${base}${path}`)
    const health = await fetch(`${base}/health`)
    expect(health.status).toBe(200)
    child.kill('SIGTERM')
    const [code] = await once(child, 'exit')
    expect(code).toBe(0)
  })

  it('takes its options from BILLING_MOCKS_* variables', async () => {
    const { output } = await startBin([], { BILLING_MOCKS_PORT: '0', BILLING_MOCKS_TOKEN_TTL: '60', BILLING_MOCKS_LOG_LEVEL: 'warn' })
    const base = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1] ?? ''

    const res = await fetch(`${base}/oauth/client_credential/accesstoken?grant_type=client_credentials`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('qa-client:qa-secret').toString('base64')}` }
    })

    expect(res.status).toBe(200)
    expect((await res.json() as { expires_in: string }).expires_in).toBe('60')
  })

  it('stops with a message naming the option when a flag is invalid', async () => {
    const child = spawn(process.execPath, [bin, 'start', '--port', 'abc'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })

    const [code] = await once(child, 'exit')

    expect(code).not.toBe(0)
    expect(stderr).toMatch(/port/)
  })

  it('refuses to listen beyond loopback with the admin API open and no token, and says how to fix it', async () => {
    const child = spawn(process.execPath, [bin, 'start', '--host', '0.0.0.0', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })

    const [code] = await once(child, 'exit')

    expect(code).toBe(1)
    expect(stderr).toMatch(/Refusing to start.*--admin-token.*--no-admin/s)
  })

  it('listens beyond loopback when the admin API has a token, and guards it', async () => {
    const { output } = await startBin(['start', '--host', '0.0.0.0', '--port', '0', '--admin-token', 'admin-sekret-1', '--log-level', 'warn'])
    const port = /listening on http:\/\/[^:]+:(\d+)/.exec(output)?.[1] ?? ''

    const without = await fetch(`http://127.0.0.1:${port}/__admin/scenarios`)
    const withToken = await fetch(`http://127.0.0.1:${port}/__admin/scenarios`, { headers: { authorization: 'Bearer admin-sekret-1' } })

    expect(without.status).toBe(401)
    expect(withToken.status).toBe(200)
  })

  it('warns that anyone can mint tokens when it listens beyond loopback without --token-secret', async () => {
    const open = await startBin(['start', '--host', '0.0.0.0', '--port', '0', '--no-admin', '--log-level', 'warn'])
    const keyed = await startBin(['start', '--host', '0.0.0.0', '--port', '0', '--no-admin', '--log-level', 'warn', '--token-secret', 'a-real-secret'])
    const local = await startBin(['start', '--port', '0', '--no-admin', '--log-level', 'warn'])

    expect(open.output).toMatch(/without --token-secret.*anyone who reaches the server can mint tokens/)
    expect(keyed.output).not.toContain('mint tokens')
    expect(local.output).not.toContain('mint tokens')
  })

  it('turns the admin API off with --no-admin', async () => {
    const { output } = await startBin(['start', '--port', '0', '--no-admin', '--log-level', 'warn'])
    const base = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1] ?? ''

    const res = await fetch(`${base}/__admin/scenarios`)

    expect(res.status).toBe(404)
  })
})
