/**
 * The Docker image, checked without a Docker engine: the Dockerfile's own packing commands are run into a
 * temporary folder (standing for the runtime stage's /app), and its start command and HEALTHCHECK are run
 * from there with the image's environment. `npm test` builds dist/ first; the build stage's `npm run build`
 * is that same command.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { parse } from 'yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mocks } from '../../mocks/index.js'
import { PACKAGE_ROOT } from '../../src/config.js'
import { argsOf, envOf, execForm, parseDockerfile, type Stage } from '../helpers/dockerfile.js'
import { startServerProcess } from '../helpers/spawn.js'

const run = promisify(execFile)
const file = (name: string): string => readFileSync(`${PACKAGE_ROOT}${name}`, 'utf8')
const pkg = JSON.parse(file('package.json')) as { scripts: Record<string, string>, files: string[], devDependencies: Record<string, string> }
const stages = parseDockerfile(file('Dockerfile'))
const [build, runtime] = stages as [Stage, Stage]
const ADMIN_TOKEN = 'a-token-for-the-test'

describe('Dockerfile', () => {
  it('has a build stage and a runtime stage, both on a small Node 20 LTS image', () => {
    expect(stages).toHaveLength(2)
    for (const stage of stages) expect(stage.image).toMatch(/^node:20(\.\d+)*-(bookworm-slim|alpine)$/)
  })

  it('runs as the unprivileged "node" user', () => {
    const users = argsOf(runtime, 'USER')

    expect(users.at(-1)).toBe('node')
    expect(runtime.instructions.findIndex((i) => i.keyword === 'USER')).toBeLessThan(runtime.instructions.findIndex((i) => i.keyword === 'CMD'))
  })

  it('copies only the build stage\'s packed package into the runtime stage', () => {
    expect(argsOf(runtime, 'COPY')).toEqual([`--from=${build.name ?? ''} /out ./`])
    expect(argsOf(runtime, 'RUN')).toEqual([])
  })

  it('runs the command README starts with (`npm start`: node bin/billing-mocks.js start)', () => {
    const cmd = execForm(argsOf(runtime, 'CMD')[0] ?? '')

    expect(cmd.join(' ')).toBe(pkg.scripts.start)
    expect(file('README.md').split('\n').slice(0, 8).join('\n')).toMatch(/^npm start\b/m)
  })

  it('listens on 0.0.0.0 on the port it exposes, and takes the admin token from the environment, not the image', () => {
    const env = envOf(runtime)

    expect(env.BILLING_MOCKS_HOST).toBe('0.0.0.0')
    expect(argsOf(runtime, 'EXPOSE')).toEqual([env.BILLING_MOCKS_PORT])
    expect(Object.keys(env).filter((name) => /TOKEN|SECRET/.test(name))).toEqual([])
  })
})

describe('the runtime stage\'s files, as the Dockerfile packs them', () => {
  let work: string
  let app: string

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'billing-mocks-image-'))
    mkdirSync(join(work, 'tmp'))
    // The build stage's steps after `npm run build`, with /out and /tmp moved into the temporary folder.
    const runs = argsOf(build, 'RUN')
    const packing = runs.slice(runs.indexOf('npm run build') + 1)
    expect(packing.length, 'the build stage packs after `RUN npm run build`').toBeGreaterThan(0)
    for (const command of packing) {
      await run('sh', ['-c', command.replace(/(?<![\w.-])\/(out|tmp)\b/g, `${work}/$1`)], { cwd: PACKAGE_ROOT, env: { ...process.env, npm_config_prefer_offline: 'true' } })
    }
    app = join(work, 'out')
  }, 180_000)

  afterAll(() => {
    if (work !== undefined) rmSync(work, { recursive: true, force: true })
  })

  /** The image's CMD in the image's environment, on a free port (the HEALTHCHECK reads the same variable). */
  async function startImage (env: Record<string, string> = { BILLING_MOCKS_ADMIN_TOKEN: ADMIN_TOKEN }): Promise<Awaited<ReturnType<typeof startServerProcess>>> {
    return await startServerProcess(execForm(argsOf(runtime, 'CMD')[0] ?? ''), { cwd: app, env: { ...envOf(runtime), BILLING_MOCKS_PORT: '0', ...env } })
  }

  async function healthcheck (port: string): Promise<number> {
    const [node = '', ...args] = execForm(argsOf(runtime, 'HEALTHCHECK')[0] ?? '')
    try {
      await run(node === 'node' ? process.execPath : node, args, { cwd: app, env: { ...process.env, ...envOf(runtime), BILLING_MOCKS_PORT: port } })
      return 0
    } catch (err) {
      return (err as { code?: number }).code ?? -1
    }
  }

  it('holds the package, its lockfile and production dependencies only: no devDependencies, tests or TypeScript sources', () => {
    const installed = readdirSync(join(app, 'node_modules')).flatMap((name) => name.startsWith('@') ? readdirSync(join(app, 'node_modules', name)).map((sub) => `${name}/${sub}`) : [name])

    expect(readdirSync(app).sort()).toEqual(['README.md', 'bin', 'dist', 'fixtures', 'mocks', 'node_modules', 'package-lock.json', 'package.json'])
    expect(installed.filter((name) => name in pkg.devDependencies)).toEqual([])
    expect(existsSync(join(app, 'src')) || existsSync(join(app, 'test')) || existsSync(join(app, 'dist', 'test'))).toBe(false)
  })

  it('starts with its CMD: /health, an API and the token-guarded admin API answer, and the HEALTHCHECK passes', async () => {
    const { baseUrl } = await startImage()
    const port = new URL(baseUrl).port

    const health = await fetch(`${baseUrl}/health`)
    const invoices = await fetch(`${baseUrl}/masstack/v2/orgs/telco/accounts/214748364/invoices`, { headers: { 'x-auth-roles': 'API_KEY' } })
    const adminWithout = await fetch(`${baseUrl}/__admin/requests`)
    const adminWith = await fetch(`${baseUrl}/__admin/requests`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })

    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ status: 'ok', apis: mocks.map((mock) => mock.id) })
    expect(invoices.status).toBe(200)
    expect(adminWithout.status).toBe(401)
    expect(adminWith.status).toBe(200)
    expect(await healthcheck(port)).toBe(0)
  })

  it('fails the HEALTHCHECK when nothing answers on the port', async () => {
    const { baseUrl, child } = await startImage()
    const port = new URL(baseUrl).port
    child.kill('SIGTERM')
    await new Promise((resolve) => child.once('exit', resolve))

    expect(await healthcheck(port)).toBe(1)
  })

  it('refuses to start without an admin token, naming the variable to set', async () => {
    const starting = startImage({})

    await expect(starting).rejects.toThrow(/exited with 1[\s\S]*Refusing to start[\s\S]*BILLING_MOCKS_ADMIN_TOKEN/)
  })
})

describe('.dockerignore', () => {
  const lines = file('.dockerignore').split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'))
  // An allowlist: "*" first, then "!<top-level name>" for each thing the build may see.
  const allowed = lines.slice(1).map((line) => line.replace(/^!/, '').replace(/\/$/, ''))

  it('is an allowlist of top-level names', () => {
    expect(lines[0]).toBe('*')
    expect(lines.slice(1).every((line) => /^![\w.-]+\/?$/.test(line))).toBe(true)
  })

  it('lets in what the build stage copies, compiles and packs', () => {
    const tsconfig = JSON.parse(file('tsconfig.build.json')) as { extends: string, include: string[] }
    const needed = [
      'package.json', 'package-lock.json', 'README.md',
      'tsconfig.build.json', tsconfig.extends.replace(/^\.\//, ''), ...tsconfig.include,
      // package.json "files" from sources (dist/ is built inside the image)
      ...pkg.files.filter((entry) => !entry.startsWith('!') && !entry.startsWith('dist')).map((entry) => entry.split('/')[0] ?? '')
    ]

    expect(allowed).toEqual(expect.arrayContaining([...new Set(needed)]))
  })

  it('keeps out node_modules, dist, tests, test output and git', () => {
    for (const name of ['node_modules', 'dist', 'test', 'test-output', '.git', 'contracts', 'bench']) expect(allowed).not.toContain(name)
  })
})

describe('docker-compose.example.yml', () => {
  interface Service { build?: string, image?: string, environment?: Record<string, string>, depends_on?: Record<string, { condition: string }>, ports?: string[] }
  const compose = parse(file('docker-compose.example.yml')) as { services: Record<string, Service> }
  const [mockName, mock] = Object.entries(compose.services).find(([, service]) => service.build === '.') ?? ['', {}]
  const app = Object.values(compose.services).find((service) => service !== mock) ?? {}
  const port = envOf(runtime).BILLING_MOCKS_PORT

  it('builds the mock from this Dockerfile and passes the admin token in from the environment', () => {
    expect(mock.environment?.BILLING_MOCKS_ADMIN_TOKEN).toMatch(/^\$\{BILLING_MOCKS_ADMIN_TOKEN:\?.+\}$/)
  })

  it('starts the application once the mock is healthy, with the base URL of every API and the token URL', () => {
    const values = Object.values(app.environment ?? {})

    expect(app.depends_on?.[mockName]).toEqual({ condition: 'service_healthy' })
    for (const { id } of mocks) expect(values).toContain(`http://${mockName}:${port ?? ''}/${id}`)
    expect(values).toContain(`http://${mockName}:${port ?? ''}/oauth/client_credential/accesstoken?grant_type=client_credentials`)
  })
})

describe('docker-compose.example.yml, profile "shared"', () => {
  interface Service { profiles?: string[], image?: string, build?: string, environment?: Record<string, string>, deploy?: { replicas?: number }, depends_on?: Record<string, { condition: string }> }
  const compose = parse(file('docker-compose.example.yml')) as { services: Record<string, Service>, configs?: Record<string, { content?: string }> }
  const shared = Object.entries(compose.services).filter(([, service]) => service.profiles?.includes('shared'))
  const [redisName] = shared.find(([, service]) => service.image?.startsWith('redis') === true) ?? ['']
  const [replicasName, replicas] = shared.find(([, service]) => service.build === '.') ?? ['', {}]

  it('runs several replicas of this image on one Redis, behind a load balancer that reaches them all', () => {
    expect(redisName).not.toBe('')
    expect(replicas.deploy?.replicas).toBeGreaterThanOrEqual(2)
    expect(replicas.environment?.BILLING_MOCKS_STATE).toBe(`redis://${redisName}:6379`)
    expect(replicas.depends_on?.[redisName]).toEqual({ condition: 'service_healthy' })
    const balancer = Object.values(compose.configs ?? {}).map((config) => config.content ?? '').join('\n')
    expect(balancer).toContain(`server ${replicasName}:4010`)
  })
})
