/**
 * What `billing-mocks` says about itself: the first help page shows the options of `start` (the default
 * command), and a mistyped command is named as one, with the nearest command suggested.
 */
import { CommanderError, type Command } from 'commander'
import { describe, expect, it } from 'vitest'
import { CLI_OPTIONS, createProgram } from '../../src/cli.js'
import type { Config } from '../../src/config.js'

/** The program with its exits turned into exceptions and its output captured. */
function captured (): { program: Command, out: () => string, err: () => string } {
  const program = createProgram()
  let out = ''
  let err = ''
  for (const command of [program, ...program.commands]) {
    command.exitOverride().configureOutput({ writeOut: (text) => { out += text }, writeErr: (text) => { err += text } })
  }
  return { program, out: () => out, err: () => err }
}

/** Swaps start's action (the server) for one that keeps the options it is given, so no server listens. */
function recordStart (program: Command): Array<Partial<Config>> {
  const started: Array<Partial<Config>> = []
  program.commands.find((command) => command.name() === 'start')?.action((options: Partial<Config>) => { started.push(options) })
  return started
}

async function run (program: Command, args: string[]): Promise<CommanderError | undefined> {
  try {
    await program.parseAsync(['node', 'billing-mocks', ...args])
    return undefined
  } catch (error) {
    if (error instanceof CommanderError) return error
    throw error
  }
}

describe('billing-mocks --help', () => {
  it('lists the commands and the options of start, with their variables and defaults', async () => {
    const { program, out } = captured()

    await run(program, ['--help'])

    expect(out()).toMatch(/start \[options\]/)
    expect(out()).toMatch(/proxy \[options\]/)
    expect(out()).toMatch(/Options of start \(the default command/)
    expect(out()).toMatch(/--port <number>.*\n?.*env: BILLING_MOCKS_PORT/)
    expect(out()).toContain('--seed <number>')
    expect(out()).toContain('--allowed-hosts <names>')
  })

  it('lists every option of CLI_OPTIONS with its variable', async () => {
    const { program, out } = captured()

    await run(program, ['--help'])

    for (const spec of CLI_OPTIONS) {
      expect(out()).toContain(spec.flag.split(', ').at(-1))
      expect(out()).toContain(spec.env)
    }
  })

  it('keeps start --help as the page of start alone', async () => {
    const { program, out } = captured()

    const error = await run(program, ['start', '--help'])

    expect(error?.code).toBe('commander.helpDisplayed')
    expect(out()).toMatch(/^Usage: billing-mocks start \[options\]/)
    expect(out()).toMatch(/--port <number>.*\n?.*env: BILLING_MOCKS_PORT/)
    expect(out()).not.toContain('Options of start')
  })
})

describe('billing-mocks <a mistyped command>', () => {
  it('says `strat` is no command and suggests start', async () => {
    const { program, err } = captured()

    const started = recordStart(program)

    const error = await run(program, ['strat'])

    expect(error?.exitCode).toBe(1)
    expect(err()).toMatch(/unknown command 'strat' \(Did you mean start\?\)/)
    expect(err()).not.toContain('too many arguments')
    expect(started).toEqual([])
  })

  it('leaves a valid start alone, with or without the command name', async () => {
    const named = captured()
    const bare = captured()
    const namedStarts = recordStart(named.program)
    const bareStarts = recordStart(bare.program)

    await run(named.program, ['start', '--port', '0', '--seed', '7'])
    await run(bare.program, ['--port', '0'])

    expect(namedStarts).toMatchObject([{ port: 0, seed: 7 }])
    expect(bareStarts).toMatchObject([{ port: 0 }])
    expect(named.err() + bare.err()).toBe('')
  })

  it('suggests proxy for `prox`, and nothing for a word far from every command', async () => {
    const near = captured()
    const far = captured()

    await run(near.program, ['prox'])
    await run(far.program, ['banana-split'])

    expect(near.err()).toContain('(Did you mean proxy?)')
    expect(far.err()).toMatch(/unknown command 'banana-split'\. Commands: start, proxy/)
  })

  it('keeps refusing an unknown option by name', async () => {
    const { program, err } = captured()

    const error = await run(program, ['start', '--prot', '4011'])

    expect(error?.exitCode).toBe(1)
    expect(err()).toMatch(/unknown option '--prot'/)
  })
})
