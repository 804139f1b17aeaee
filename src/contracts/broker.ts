/**
 * Pact Broker publishing with the npm-shipped Pact CLI (@pact-foundation/pact-cli): contracts from
 * contracts/ with the consumer version and branch from git. Without PACT_BROKER_BASE_URL nothing touches
 * the network. `npm run contracts:publish`; verification results are published by `npm run verify -- --publish`.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { PACKAGE_ROOT } from '../config.js'

/**
 * The version and branch the broker records: from GIT_COMMIT / GIT_BRANCH (CI variables), else from git.
 * @example
 * gitVersion() // { version: '3f2c1ab', branch: 'main' }
 */
export function gitVersion (): { version: string, branch: string } {
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: PACKAGE_ROOT, encoding: 'utf8' }).trim()
  return {
    version: process.env.GIT_COMMIT ?? git('rev-parse', '--short=12', 'HEAD'),
    branch: process.env.GIT_BRANCH ?? git('rev-parse', '--abbrev-ref', 'HEAD')
  }
}

/** The `pact-broker` executable of the npm-installed Pact CLI. */
export function pactBrokerBin (): string {
  const require = createRequire(import.meta.url)
  return join(dirname(require.resolve('@pact-foundation/pact-cli/package.json')), 'bin', 'pact-broker.js')
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.env.PACT_BROKER_BASE_URL === undefined || process.env.PACT_BROKER_BASE_URL === '') {
    process.stdout.write('contracts:publish skipped: PACT_BROKER_BASE_URL is not set, so nothing is sent anywhere.\n')
  } else {
    const { version, branch } = gitVersion()
    const result = spawnSync(process.execPath, [pactBrokerBin(), 'publish', `${PACKAGE_ROOT}contracts`, '--consumer-app-version', version, '--branch', branch], { stdio: 'inherit' })
    process.exitCode = result.status ?? 1
  }
}
