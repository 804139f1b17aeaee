/**
 * What `billing-mocks` says about itself: the first help page shows the options of `start` (the default
 * command), and a mistyped command is named as one, with the nearest command suggested.
 */
import { CommanderError, type Command } from 'commander'
import { describe, expect, it } from 'vitest'
import { createProgram } from '../../src/cli.js'

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
})

describe('billing-mocks <a mistyped command>', () => {
  it('says `strat` is no command and suggests start', async () => {
    const { program, err } = captured()

    const error = await run(program, ['strat'])

    expect(error?.exitCode).toBe(1)
    expect(err()).toMatch(/unknown command 'strat' \(Did you mean start\?\)/)
    expect(err()).not.toContain('too many arguments')
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
