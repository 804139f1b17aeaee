/**
 * What `npm pack` (and so `npm publish` and the Docker image) ships: the built JavaScript with its types,
 * the bin, the fixtures and the OpenAPI documents read at run time; nothing of the tests, the sources or
 * the test output. `npm test` builds dist/ first.
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { mocks } from '../../mocks/index.js'
import { PACKAGE_ROOT } from '../../src/config.js'

const run = promisify(execFile)

interface PackageJson {
  main: string
  types: string
  bin: Record<string, string>
  exports: Record<string, string | Record<string, string>>
  dependencies: Record<string, string>
}
const pkg = JSON.parse(readFileSync(`${PACKAGE_ROOT}package.json`, 'utf8')) as PackageJson

let files: string[]

beforeAll(async () => {
  const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: PACKAGE_ROOT })
  files = (JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>)[0]?.files.map((entry) => entry.path) ?? []
}, 60_000)

/** The bare module names a built file imports (`from 'x'`, `import('x')`), without node: builtins and relative paths. */
function packagesImportedBy (path: string): string[] {
  const text = readFileSync(`${PACKAGE_ROOT}${path}`, 'utf8')
  const specifiers = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^import\s+)['"]([^'"]+)['"]/gm)].map((match) => match[1] ?? '')
  return specifiers
    .filter((specifier) => !specifier.startsWith('.') && !specifier.startsWith('node:') && !builtinModules.includes(specifier))
    .map((specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/'))
}

describe('npm pack', () => {
  it('ships package.json, README, the bin, the fixtures and every API\'s OpenAPI document', () => {
    expect(files).toEqual(expect.arrayContaining([
      'package.json',
      'README.md',
      ...Object.values(pkg.bin),
      'fixtures/default.yaml',
      'fixtures/qa-scenarios.yaml',
      ...mocks.map((mock) => `mocks/${mock.id}/openapi.json`)
    ]))
  })

  it('ships every file package.json points at: main, types, each export', () => {
    const targets = [pkg.main, pkg.types, ...Object.values(pkg.exports).flatMap((target) => typeof target === 'string' ? [target] : Object.values(target))]

    for (const target of targets) expect(files, target).toContain(target.replace(/^\.\//, ''))
  })

  it('ships a type declaration next to every built module', () => {
    // The QA console's bundle (dist/src/console/web) is a browser asset the server serves, not a module to import.
    const modules = files.filter((path) => path.startsWith('dist/') && path.endsWith('.js') && !path.startsWith('dist/src/console/web/'))

    expect(modules.length).toBeGreaterThan(50)
    expect(modules.filter((path) => !files.includes(path.replace(/\.js$/, '.d.ts')))).toEqual([])
  })

  it('ships the QA console\'s bundle, built by esbuild at npm run build', () => {
    expect(files).toEqual(expect.arrayContaining(['dist/src/console/web/console.js', 'dist/src/console/web/console.css']))
  })

  it('ships no tests, test output, TypeScript sources, source maps, benchmarks or contract files', () => {
    const unwanted = files.filter((path) =>
      /^(test|test-output|contracts|bench|src|dist\/test|dist\/bench)\//.test(path) ||
      (path.endsWith('.ts') && !path.endsWith('.d.ts')) ||
      path.endsWith('.map'))

    expect(unwanted).toEqual([])
  })

  it('ships no module that imports a package outside "dependencies" (the Pact tools need devDependencies and stay out)', () => {
    const imports = files.filter((path) => path.endsWith('.js')).flatMap((path) => packagesImportedBy(path).map((name) => `${path} → ${name}`))

    expect(imports.length).toBeGreaterThan(0)
    expect(imports.filter((line) => !((line.split(' → ')[1] ?? '') in pkg.dependencies))).toEqual([])
  })
})

describe('a clone of the repository', () => {
  it('points at nothing outside itself: no file names the design folder or the seed documents beside the checkout', async () => {
    const { stdout } = await run('git', ['ls-files', '-z'], { cwd: PACKAGE_ROOT, maxBuffer: 16 * 1024 * 1024 })
    const tracked = stdout.split('\0').filter((path) => path !== '' && !path.endsWith('.png') && !path.startsWith('contracts/'))

    const pointing = tracked.filter((path) => {
      try {
        return /\.\.\/shared\/|shared\/seeds\//.test(readFileSync(`${PACKAGE_ROOT}${path}`, 'utf8'))
      } catch {
        return false
      }
    })

    expect(pointing).toEqual([])
  })
})
