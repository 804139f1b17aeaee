/**
 * A Dockerfile read the way `docker build` reads it, enough for tests to check what an image would hold
 * and run without a Docker engine: stages, and each instruction with its arguments.
 */

export interface Instruction {
  /** Upper case: FROM, RUN, COPY, ENV, CMD, … */
  keyword: string
  /** The rest of the instruction, continuation lines joined. */
  args: string
}

export interface Stage {
  /** The base image (`FROM <image> [AS <name>]`). */
  image: string
  name: string | undefined
  instructions: Instruction[]
}

/**
 * The stages of a Dockerfile: comments and blank lines dropped, `\` continuations joined.
 * @example
 * const [build, runtime] = parseDockerfile(readFileSync('Dockerfile', 'utf8'))
 */
export function parseDockerfile (text: string): Stage[] {
  const logical = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'))
  const stages: Stage[] = []
  for (const line of logical) {
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? []
    const instruction = { keyword: keyword.toUpperCase(), args: args.replace(/\s+/g, ' ') }
    if (instruction.keyword === 'FROM') {
      const [image = '', as, name] = instruction.args.split(' ')
      stages.push({ image, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] })
    } else if (stages.length === 0) {
      if (instruction.keyword !== 'ARG') throw new Error(`Dockerfile: ${instruction.keyword} before the first FROM.`)
    } else {
      stages.at(-1)?.instructions.push(instruction)
    }
  }
  return stages
}

/** The arguments of every instruction of a kind, in order. */
export function argsOf (stage: Stage, keyword: string): string[] {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword).map((instruction) => instruction.args)
}

/**
 * An exec-form (JSON array) CMD, ENTRYPOINT or HEALTHCHECK CMD as its argv.
 * @example
 * execForm('["node", "bin/billing-mocks.js", "start"]') // ['node', 'bin/billing-mocks.js', 'start']
 */
export function execForm (args: string): string[] {
  const json = args.slice(args.indexOf('['))
  const argv: unknown = JSON.parse(json)
  if (!Array.isArray(argv) || !argv.every((part) => typeof part === 'string')) throw new Error(`Not an exec-form command: ${args}`)
  return argv
}

/**
 * `ENV` instructions as variables (`ENV A=1 B=2` and the legacy `ENV A 1`).
 * @example
 * envOf(runtime) // { NODE_ENV: 'production', BILLING_MOCKS_HOST: '0.0.0.0', … }
 */
export function envOf (stage: Stage): Record<string, string> {
  const env: Record<string, string> = {}
  for (const args of argsOf(stage, 'ENV')) {
    if (!args.includes('=')) {
      const [name = '', ...value] = args.split(' ')
      env[name] = value.join(' ')
      continue
    }
    for (const [, name = '', value = ''] of args.matchAll(/(\w+)=("[^"]*"|\S+)/g)) env[name] = value.replace(/^"|"$/g, '')
  }
  return env
}
