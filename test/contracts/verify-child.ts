/**
 * `npm run verify` as a separate process, its output captured: for the cases that must fail. The Pact
 * verifier (native code) writes its mismatches and "There were N pact failures" straight to the process's
 * stdout; run in the test process, a deliberate failure would print alarming lines into a green `npm test`.
 * Needs dist/ built (`npm test` builds first; after editing src/, `npm run build` before a focused run).
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { PACKAGE_ROOT } from '../../src/config.js'
import type { ProviderReport } from '../../src/contracts/verify.js'

const run = promisify(execFile)

/**
 * The reports and everything the verifier printed, for `args` as given on the command line.
 * @example
 * const { reports, output } = await verifyInChild(['--provider', 'masstack', '--pact', file, '--strict-states'])
 */
export async function verifyInChild (args: string[]): Promise<{ reports: ProviderReport[], output: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'billing-mocks-verify-child-'))
  const json = join(dir, 'reports.json')
  try {
    let output: string
    try {
      const { stdout, stderr } = await run(process.execPath, [join(PACKAGE_ROOT, 'dist/src/contracts/verify.js'), ...args, '--log-level', 'error', '--json', json], { env: { ...process.env, PACT_DO_NOT_TRACK: 'true' }, maxBuffer: 32 * 1024 * 1024 })
      output = stdout + stderr
    } catch (err) {
      // A failed verification exits 1: its reports are what the test reads.
      const { stdout = '', stderr = '' } = err as { stdout?: string, stderr?: string }
      output = stdout + stderr
    }
    if (!existsSync(json)) throw new Error(`verify wrote no reports: it did not get as far as verifying.\n${output}`)
    return { reports: JSON.parse(readFileSync(json, 'utf8')) as ProviderReport[], output }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
