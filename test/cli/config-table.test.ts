import { readFileSync } from 'node:fs'
import { Command, Option } from 'commander'
import { describe, expect, it } from 'vitest'
import { CLI_OPTIONS } from '../../src/cli.js'
import { CONFIG_SECTION, configTable } from '../../src/tools/config-table.js'
import { readmeSection, withReadmeSection } from '../../src/tools/readme-section.js'

const readme = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8')

describe('the configuration table of docs/configuration.md', () => {
  it('is the table of `billing-mocks start`\'s options (run `npm run docs:config` when this fails)', () => {
    const table = configTable()

    expect(readmeSection(readme, CONFIG_SECTION), 'docs/configuration.md\'s configuration table is stale: run `npm run docs:config` and commit docs/configuration.md').toBe(table)
  })

  it('has a row with the flag and the variable of every option the CLI defines', () => {
    const rows = configTable().split('\n')

    for (const option of CLI_OPTIONS) {
      expect(rows.some((row) => row.startsWith(`| \`${option.flag.replace(/\|/g, '\\|')}\` | \`${option.env}\``)), option.flag).toBe(true)
    }
  })
})

describe('configTable', () => {
  it('shows each option\'s flag, variable, default and meaning, including options added later', () => {
    const command = new Command('start')
      .addOption(new Option('-p, --port <number>', 'port to listen on').env('X_PORT').default(4010, '4010'))
      .addOption(new Option('--workers <count>', 'processes that share the port').env('X_WORKERS'))
      .addOption(new Option('--keys <es|en>', 'answer keys').env('X_KEYS').default('es'))
      .addOption(new Option('--no-admin', 'turn the admin API off').env('X_NO_ADMIN'))
      .addOption(new Option('--watch', 'reload on change').env('X_WATCH'))

    const lines = configTable(command).trimEnd().split('\n')

    expect(lines).toEqual([
      '| flag | variable | default | meaning |',
      '|---|---|---|---|',
      '| `-p, --port <number>` | `X_PORT` | `4010` | port to listen on |',
      '| `--workers <count>` | `X_WORKERS` | none | processes that share the port |',
      '| `--keys <es\\|en>` | `X_KEYS` | `es` | answer keys |',
      '| `--no-admin` | `X_NO_ADMIN` (any value) | admin on | turn the admin API off |',
      '| `--watch` | `X_WATCH` (any value) | off | reload on change |'
    ])
  })
})

describe('withReadmeSection', () => {
  it('replaces only the text between the section\'s markers', () => {
    const before = 'intro\n<!-- config:start -->\nold\n<!-- config:end -->\noutro\n'

    const after = withReadmeSection(before, 'config', '| new |\n')

    expect(after).toBe('intro\n<!-- config:start -->\n| new |\n<!-- config:end -->\noutro\n')
  })

  it('says where the markers go when they are missing', () => {
    const rewrite = (): string => withReadmeSection('no markers here', 'config', '| new |\n', 'configuration table')

    expect(rewrite).toThrow(/<!-- config:start --> … <!-- config:end -->.*own line, where the configuration table belongs/)
  })
})
