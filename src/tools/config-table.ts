/**
 * `npm run docs:config`: rewrites the configuration table of docs/configuration.md, between `<!-- config:start -->` and
 * `<!-- config:end -->`, from the options of `billing-mocks start` itself (CLI_OPTIONS, as commander holds
 * them for `--help`), so the table lists every flag, its variable and its default. test/cli/config-table.test.ts
 * fails when the committed table is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import type { Command, Option } from 'commander'
import { createProgram } from '../cli.js'
import { PACKAGE_ROOT } from '../config.js'
import { withReadmeSection } from './readme-section.js'

/** The name of docs/configuration.md's section: `<!-- config:start -->` … `<!-- config:end -->`. */
export const CONFIG_SECTION = 'config'

/**
 * The `start` command as the CLI defines it.
 * @example
 * startCommand().options.map((option) => option.long) // ['--host', '--port', …]
 */
export function startCommand (): Command {
  const start = createProgram().commands.find((command) => command.name() === 'start')
  if (start === undefined) throw new Error('billing-mocks has no "start" command: src/cli.ts createProgram() must define it.')
  return start
}

/**
 * The table of a command's options (docs/configuration.md): flag, environment variable, default and meaning, in the order
 * `--help` shows them.
 * @example
 * configTable() // '| flag | variable | default | meaning |\n|---|---|---|---|\n| `--host <address>` | …'
 */
export function configTable (command: Command = startCommand()): string {
  const rows = command.options.filter((option) => !option.hidden).map((option) => [
    code(option.flags),
    option.envVar === undefined ? '' : `${code(option.envVar)}${takesValue(option) ? '' : ' (any value)'}`,
    defaultOf(option),
    escape(option.description)
  ])
  return [
    '| flag | variable | default | meaning |',
    '|---|---|---|---|',
    ...rows.map((cells) => `| ${cells.join(' | ')} |`)
  ].join('\n') + '\n'
}

function takesValue (option: Option): boolean {
  return option.required || option.optional
}

function defaultOf (option: Option): string {
  if (!takesValue(option)) return option.negate ? `${option.attributeName()} on` : 'off'
  const value = option.defaultValueDescription ?? (option.defaultValue === undefined ? undefined : String(option.defaultValue))
  return value === undefined ? 'none' : code(value)
}

function code (text: string): string {
  return `\`${escape(text)}\``
}

/** A `|` inside a cell (even inside backticks) would split it. */
function escape (text: string): string {
  return text.replace(/\|/g, '\\|')
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  const file = `${PACKAGE_ROOT}docs/configuration.md`
  writeFileSync(file, withReadmeSection(readFileSync(file, 'utf8'), CONFIG_SECTION, configTable(), 'configuration table'))
  process.stdout.write(`wrote the configuration table of ${file}\n`)
}
