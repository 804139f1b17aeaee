/**
 * billing-mocks as another project installs it: the packed package in a temporary project's node_modules
 * with its production dependencies, used by name from ESM, CommonJS and TypeScript, and docs/library.md's Vitest and
 * Jest examples run there. `npm test` builds dist/ first.
 */
import { execFile } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PACKAGE_ROOT } from '../../src/config.js'

const run = promisify(execFile)
const readme = readFileSync(`${PACKAGE_ROOT}docs/library.md`, 'utf8')

/**
 * docs/library.md's code blocks whose first line names a file (`// vitest.global-setup.ts`), by that name.
 * @example
 * readmeFiles(readme).get('jest.global-setup.mjs') // "import { startMockServer } from 'billing-mocks'\n…"
 */
function readmeFiles (text: string): Map<string, string> {
  const blocks = [...text.matchAll(/^```(?:ts|js)\n\/\/ ([\w.-]+)\n([\s\S]*?)^```$/gm)]
  return new Map(blocks.map((match) => [match[1] ?? '', match[2] ?? '']))
}

/** The environment of a child process, without the variables that tell a process it runs inside Vitest. */
function cleanEnv (): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && name !== 'NODE_OPTIONS'))
}

let project: string
let work: string

/** Runs `node` in the temporary project; rejects with its output when it fails. */
async function node (args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, args, { cwd: project, env: cleanEnv(), timeout: 60_000 })
  return stdout
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'billing-mocks-consumer-'))
  project = join(work, 'project')
  const installed = join(project, 'node_modules', 'billing-mocks')
  mkdirSync(installed, { recursive: true })
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }))
  // What `npm install billing-mocks` leaves: the packed files, with the production dependencies of the lockfile.
  await run('npm', ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: PACKAGE_ROOT })
  const tarball = readdirSync(work).find((name) => name.endsWith('.tgz')) ?? ''
  await run('tar', ['-xzf', join(work, tarball), '-C', installed, '--strip-components=1'])
  cpSync(`${PACKAGE_ROOT}package-lock.json`, join(installed, 'package-lock.json'))
  await run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: installed, env: { ...process.env, npm_config_prefer_offline: 'true' } })
  // The consumer's own test tools: this project's Vitest and Node types.
  symlinkSync(`${PACKAGE_ROOT}node_modules/vitest`, join(project, 'node_modules', 'vitest'), 'dir')
  for (const [name, content] of readmeFiles(readme)) writeFileSync(join(project, name), content)
}, 180_000)

afterAll(() => {
  if (work !== undefined) rmSync(work, { recursive: true, force: true })
})

describe('billing-mocks installed in another project', () => {
  it('imports startMockServer by the package name (ESM) and answers at the URLs it returns', async () => {
    const script = `
      import { clientCredentials, createBoBillingClient, startMockServer } from 'billing-mocks'
      const server = await startMockServer()
      const tokens = clientCredentials({ tokenUrl: server.tokenUrl, clientId: 'qa-client', clientSecret: 'qa-secret' })
      const bills = await createBoBillingClient({ baseUrl: server.apis['bo-billing'], tokens }).getBills({ idType: 'CLIENT_NUMBER', id: 70000001, contractNumber: 80000001 })
      const health = await fetch(server.healthUrl)
      await server.close()
      console.log(JSON.stringify({ health: health.status, bills: bills.invoiceCollection.length, apis: Object.keys(server.apis) }))`

    const output = await node(['--input-type=module', '-e', script])

    expect(JSON.parse(output)).toEqual({ health: 200, bills: 10, apis: ['hn-billing', 'bo-billing', 'masstack', 'billingdata', 'invoice-files'] })
  })

  it('require()s it from CommonJS (Node 20.19 or later loads the ES module)', async () => {
    const script = `
      const { startMockServer } = require('billing-mocks')
      startMockServer().then(async (server) => {
        const res = await fetch(server.healthUrl)
        await server.close()
        console.log(res.status)
      })`

    const output = await node(['-e', script])

    expect(output.trim()).toBe('200')
  })

  it('types a consumer\'s code (and docs/library.md\'s Vitest example) with the shipped declarations, and rejects a wrong use', async () => {
    writeFileSync(join(project, 'right.ts'), `
      import { startMockServer, type MockServer } from 'billing-mocks'
      const server: MockServer = await startMockServer({ seed: 7, logLevel: 'silent' })
      const base: string = server.apis['invoice-files']
      await server.close()
      export { base }\n`)
    writeFileSync(join(project, 'wrong.ts'), `
      import { startMockServer } from 'billing-mocks'
      const server = await startMockServer({ seed: 'seven' })
      const port: number = server.url
      export { port }\n`)
    const tsc = async (...files: string[]): Promise<string> => {
      const args = [`${PACKAGE_ROOT}node_modules/typescript/bin/tsc`, '--noEmit', '--strict', '--skipLibCheck', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--typeRoots', `${PACKAGE_ROOT}node_modules/@types`, '--types', 'node', ...files]
      try {
        await run(process.execPath, args, { cwd: project })
        return ''
      } catch (err) {
        return (err as { stdout: string }).stdout
      }
    }

    const right = await tsc('right.ts', 'vitest.config.ts', 'vitest.global-setup.ts', 'invoices.test.ts')
    const wrong = await tsc('wrong.ts')

    expect(right).toBe('')
    expect(wrong).toMatch(/wrong\.ts\(3,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/)
    expect(wrong).toMatch(/wrong\.ts\(4,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/)
  }, 60_000)

  it('runs docs/library.md\'s Vitest example: a global setup starts one server, the test reaches it through inject', async () => {
    const output = await node([join(project, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', project])

    expect(output).toMatch(/1 passed/)
  }, 90_000)

  it('runs docs/library.md\'s Jest example as Jest does: setup, a worker process that reads the variables, teardown', async () => {
    const driver = `
      import { execFile } from 'node:child_process'
      import { promisify } from 'node:util'
      const { default: globalSetup } = await import('./jest.global-setup.mjs')
      const { default: globalTeardown } = await import('./jest.global-teardown.mjs')
      await globalSetup({}, {})
      const worker = "fetch(process.env.MASSTACK_BASE_URL + '/v2/orgs/telco/accounts/214748364/invoices', { headers: { 'x-auth-roles': 'API_KEY' } }).then((res) => console.log(res.status))"
      const { stdout } = await promisify(execFile)(process.execPath, ['-e', worker])
      console.log(stdout.trim())
      await globalTeardown({}, {})
      // The process ends only if the teardown closed the server.`

    const output = await node(['--input-type=module', '-e', driver])

    expect(output.trim()).toBe('200')
  })
})
