/**
 * Every document the server publishes (each API's and the token endpoint's) as two common API toolchains
 * read it: Redocly CLI with its `recommended` rules (redocly.yaml) and Spectral with `spectral:oas`
 * (.spectral.yaml), both run for real on the documents the server serves. A document change that breaks
 * either fails here, with the tool's own findings.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mocks } from '../mocks/index.js'
import { buildApp } from '../src/app.js'
import { PACKAGE_ROOT } from '../src/config.js'

const run = promisify(execFile)
const DOCUMENTS = [...mocks.map((mock) => mock.id), 'oauth']
const bin = (name: string): string => join(PACKAGE_ROOT, 'node_modules', '.bin', name)
// Neither tool may reach the network from a test: Redocly's telemetry and update notice off.
const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_UPDATE_NOTIFIER: '1' }

let dir: string
let files: string[]

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'billing-mocks-lint-'))
  const app = await buildApp({ logLevel: 'silent' })
  files = []
  for (const name of DOCUMENTS) {
    const res = await app.inject({ url: `/${name}/openapi.json` })
    const file = join(dir, `${name}.json`)
    writeFileSync(file, res.body)
    files.push(file)
  }
  await app.close()
})

afterAll(() => { rmSync(dir, { recursive: true, force: true }) })

/** The exit code and output of a command that may fail. */
async function attempt (file: string, args: string[]): Promise<{ code: number, stdout: string, stderr: string }> {
  try {
    const { stdout, stderr } = await run(file, args, { cwd: PACKAGE_ROOT, env, maxBuffer: 16 * 1024 * 1024 })
    return { code: 0, stdout, stderr }
  } catch (err) {
    const { code, stdout, stderr } = err as { code: number, stdout: string, stderr: string }
    return { code, stdout, stderr }
  }
}

describe('the served OpenAPI documents under third-party linters', () => {
  it('pass `redocly lint` (recommended rules) with no error and no warning', async () => {
    const { code, stdout, stderr } = await attempt(bin('redocly'), ['lint', '--format=json', '--config', join(PACKAGE_ROOT, 'redocly.yaml'), ...files])

    // One JSON report per document, printed one after the other.
    const reports = JSON.parse(`[${stdout.replace(/^\}\{$/gm, '},{')}]`) as Array<{ totals: { errors: number, warnings: number }, problems: Array<{ ruleId: string, message: string, location: Array<{ source: { ref: string } }> }> }>
    const problems = reports.flatMap((report) => report.problems.map((problem) => `${problem.location[0]?.source.ref ?? ''}: ${problem.ruleId}: ${problem.message}`))
    expect(problems, stderr).toEqual([])
    expect(reports).toHaveLength(DOCUMENTS.length)
    expect(code).toBe(0)
  }, 60_000)

  it('pass `spectral lint` (spectral:oas) with no error and no warning', async () => {
    const { code, stdout, stderr } = await attempt(bin('spectral'), ['lint', '--ruleset', join(PACKAGE_ROOT, '.spectral.yaml'), '--format', 'json', '--fail-severity', 'warn', ...files])

    // The JSON report, then (on a clean run) a sentence on the same line.
    const results = JSON.parse(/^\[[\s\S]*\]/m.exec(stdout)?.[0] ?? 'null') as Array<{ code: string, message: string, source: string, path: string[] }>
    expect(results.map((result) => `${result.source}: ${result.code}: ${result.message} at ${result.path.join('.')}`), stderr).toEqual([])
    expect(code).toBe(0)
  }, 60_000)
})
