import { describe, expect, it } from 'vitest'
import { chooseLogFormat } from '../../src/logging.js'
import { startServerProcess } from '../helpers/spawn.js'

const bin = new URL('../../bin/billing-mocks.js', import.meta.url).pathname

describe('chooseLogFormat', () => {
  it.each([
    ['auto', true, 'pretty'],
    ['auto', false, 'json'],
    ['auto', undefined, 'json'],
    ['pretty', false, 'pretty'],
    ['json', true, 'json']
  ] as const)('%s with stdout.isTTY %s → %s', (setting, isTTY, expected) => {
    expect(chooseLogFormat(setting, { isTTY })).toBe(expected)
  })
})

/** Starts the real bin with stdout piped (not a terminal), makes one request, and returns the lines it logged. */
async function logsOfOneRequest (args: string[], env: Record<string, string> = {}): Promise<string[]> {
  const server = await startServerProcess(['node', bin, 'start', '--port', '0', '--log-level', 'info', ...args], { env })

  await fetch(`${server.baseUrl}/masstack/v2/orgs/telco/accounts/214748364/invoices`, { headers: { 'x-auth-roles': 'API_KEY', authorization: 'Bearer sekret-in-a-log' } })

  await expect.poll(server.output).toMatch(/request completed/)
  // The first lines are the banner (where each API lives); the log lines follow.
  return server.output().split('\n').filter((line) => line !== '' && !line.startsWith('billing-mocks listening') && !line.startsWith('  '))
}

describe('log lines of `billing-mocks start`', () => {
  it('are JSON objects when stdout is not a terminal', async () => {
    const lines = await logsOfOneRequest([])

    const entries = lines.map((line) => JSON.parse(line) as { msg: string, reqId?: string, res?: { statusCode: number } })
    expect(entries.find((entry) => entry.msg === 'request completed')).toMatchObject({ reqId: 'req-1', res: { statusCode: 200 } })
  })

  it('are readable lines with --log-format pretty: method, path, status and time, no credentials', async () => {
    const lines = await logsOfOneRequest(['--log-format', 'pretty'])

    expect(lines.join('\n')).toMatch(/INFO: incoming request: GET \/masstack\/v2\/orgs\/telco\/accounts\/214748364\/invoices \(req-1\)/)
    expect(lines.join('\n')).toMatch(/INFO: request completed: 200 in \d+\.\d ms \(req-1\)/)
    expect(lines.join('\n')).not.toContain('sekret-in-a-log')
    expect(lines.filter((line) => line.startsWith('{'))).toEqual([])
  })

  it('follow BILLING_MOCKS_LOG_FORMAT', async () => {
    const lines = await logsOfOneRequest([], { BILLING_MOCKS_LOG_FORMAT: 'pretty' })

    expect(lines.join('\n')).toMatch(/request completed: 200/)
  })
})
