/**
 * Fixture files written for one test, in a folder of the OS temp dir that is removed when the test
 * finishes: reload, watch and static-token tests edit them while the app runs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { onTestFinished } from 'vitest'
import { PACKAGE_ROOT } from '../../src/config.js'

/** fixtures/default.yaml: the well-known identities every test may rely on. */
export const DEFAULT_FIXTURES = `${PACKAGE_ROOT}fixtures/default.yaml`

export interface TempFixtures {
  /** The test's own folder. */
  dir: string
  /** Writes (or overwrites) `name` in the folder with these lines and returns its path. */
  write: (name: string, lines: readonly string[]) => string
  /** Deletes `name` from the folder. */
  remove: (name: string) => void
}

/**
 * A fresh folder for the current test's fixture files.
 * @example
 * const fixtures = tempFixtures()
 * const file = fixtures.write('qa.yaml', ['clients:', '  - clientId: a', '    clientSecret: s'])
 * const app = await buildTestApp({ fixtures: [DEFAULT_FIXTURES, file] })
 */
export function tempFixtures (): TempFixtures {
  const dir = mkdtempSync(join(tmpdir(), 'billing-mocks-admin-'))
  onTestFinished(() => { rmSync(dir, { recursive: true, force: true }) })
  return {
    dir,
    write (name, lines) {
      const file = join(dir, name)
      writeFileSync(file, lines.join('\n') + '\n')
      return file
    },
    remove (name) {
      rmSync(join(dir, name))
    }
  }
}
