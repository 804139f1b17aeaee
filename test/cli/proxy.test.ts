import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { proxyOptions } from '../../src/cli.js'
import type { DriftSummary } from '../../src/drift/summary.js'
import { standInProvider } from '../helpers/stand-in-provider.js'
import { tempFixtures } from '../helpers/temp-fixtures.js'

const bin = new URL('../../bin/billing-mocks.js', import.meta.url).pathname
const invoices = '/masstack/v2/orgs/telco/accounts/214748364/invoices'

describe('billing-mocks proxy', () => {
  it('pairs each --api with the --target in the same position, and says so when the counts differ', () => {
    const options = proxyOptions({ api: ['masstack', 'bo-billing'], target: ['https://a.example/masstack', 'https://b.example/bo'], recordFiles: ['all'] })

    expect(options.targets).toEqual([{ api: 'masstack', target: 'https://a.example/masstack' }, { api: 'bo-billing', target: 'https://b.example/bo' }])
    expect(() => proxyOptions({ api: ['masstack', 'bo-billing'], target: ['https://a.example/masstack'] })).toThrow(/2 --api but 1 --target/)
  })

  it('prints the drift summary and writes the JSON report when it is stopped', async () => {
    const { baseUrl } = await standInProvider({ '/masstack/': [{ kind: 'extra-field', field: 'currency', value: 'EUR' }] })
    const { dir } = tempFixtures()
    const report = join(dir, 'drift.json')
    const child = spawn(process.execPath, [bin, 'proxy', '--api', 'masstack', '--target', `${baseUrl}/masstack`, '--port', '0', '--log-level', 'warn', '--report', report, '--record', dir], { stdio: ['ignore', 'pipe', 'pipe'] })
    onTestFinished(() => { child.kill('SIGKILL') })
    let output = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { output += chunk })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { output += chunk })
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', () => { if (output.includes('journal')) resolve() })
      child.once('exit', (code) => { reject(new Error(`billing-mocks proxy exited with ${String(code)} before listening:\n${output}`)) })
    })
    const address = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1] ?? ''

    const res = await fetch(`${address}${invoices}`, { headers: { 'x-auth-roles': 'API_KEY' } })
    child.kill('SIGTERM')
    const [code] = await once(child, 'exit')

    expect(res.status).toBe(200)
    expect(code).toBe(0)
    expect(output).toContain(`${address}/masstack → ${baseUrl}/masstack`)
    expect(output).toMatch(/masstack\s+GET \/v2\/orgs\/\{orgId\}\/accounts\/\{accountId\}\/invoices\s+1\s+1\s+200×1/)
    expect(output).toContain('unknown-field  /currency')
    const summary = JSON.parse(readFileSync(report, 'utf8')) as DriftSummary
    expect(summary.operations[0]).toMatchObject({ api: 'masstack', requests: 1, drifted: 1, violations: [{ kind: 'unknown-field', path: '/currency', count: 1 }] })
    expect(readFileSync(join(dir, 'masstack.recorded.yaml'), 'utf8')).toContain('"currency":"EUR"')
  })

  it('stops with a message naming the flag when an API is unknown', async () => {
    const child = spawn(process.execPath, [bin, 'proxy', '--api', 'nope', '--target', 'https://example.com'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })

    const [code] = await once(child, 'exit')

    expect(code).toBe(1)
    expect(stderr).toMatch(/--api nope is no API of billing-mocks\. Use one of .*masstack/)
  })
})
