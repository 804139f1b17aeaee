/**
 * README.md and docs/: every relative link reaches a file of the repository, and every #anchor a heading of
 * its page (GitHub's anchors: lower case, punctuation dropped, spaces as hyphens). The README keeps to a first
 * screen; the rest lives in docs/, and a move between pages must not leave a link behind.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PACKAGE_ROOT } from '../src/config.js'

const pages = ['README.md', ...readdirSync(join(PACKAGE_ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`), ...readdirSync(join(PACKAGE_ROOT, 'mocks'), { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => `mocks/${entry.name}/README.md`)]

function anchorsOf (file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '')
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((match) => (match[1] ?? '').trim().toLowerCase().replace(/[^\w\- ]/g, '').replaceAll(' ', '-')))
}

describe('links of README.md and docs/', () => {
  it('reach existing files and headings', () => {
    const broken: string[] = []
    for (const page of pages) {
      const text = readFileSync(join(PACKAGE_ROOT, page), 'utf8').replace(/```[\s\S]*?```/g, '')
      for (const [, target = ''] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target)) continue
        const [path = '', anchor] = target.split('#')
        const file = path === '' ? join(PACKAGE_ROOT, page) : join(PACKAGE_ROOT, dirname(page), path)
        if (!existsSync(file)) broken.push(`${page}: ${target} (no file ${relative(PACKAGE_ROOT, file)})`)
        else if (anchor !== undefined && file.endsWith('.md') && !anchorsOf(file).has(anchor)) broken.push(`${page}: ${target} (no heading #${anchor})`)
      }
    }

    expect(broken).toEqual([])
  })

  it('keep README.md to a first screen (about 10 KB), with the test command among its first lines', () => {
    const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8')

    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(10 * 1024)
    expect(readme.split('\n').slice(0, 8).join('\n')).toMatch(/^npm test\b/m)
  })
})
