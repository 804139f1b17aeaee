/**
 * Counts the generated inputs each route was sent, prints them when a test file ends, and writes them to
 * test-output/robustness/<file>.json so a run can be summed up afterwards.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { afterAll } from 'vitest'
import { PACKAGE_ROOT } from '../../src/config.js'

export interface InputCounter {
  /** One more input sent to `route`. */
  count: (route: string) => void
}

/**
 * @example
 * const inputs = countInputs('apis')
 * inputs.count('GET /masstack/v2/orgs/{orgId}/accounts/{accountId}/invoices')
 */
export function countInputs (file: string): InputCounter {
  const counts = new Map<string, number>()
  afterAll(() => {
    const rows = [...counts].map(([route, inputs]) => ({ route, inputs }))
    const dir = `${PACKAGE_ROOT}test-output/robustness`
    mkdirSync(dir, { recursive: true })
    writeFileSync(`${dir}/${file}.json`, JSON.stringify(rows, null, 2) + '\n')
    const width = Math.max(...rows.map((row) => row.route.length))
    process.stdout.write(`generated inputs per route (${file}):\n${rows.map((row) => `  ${row.route.padEnd(width)}  ${String(row.inputs).padStart(6)}`).join('\n')}\n`)
  })
  return {
    count (route) { counts.set(route, (counts.get(route) ?? 0) + 1) }
  }
}
