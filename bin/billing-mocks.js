#!/usr/bin/env node
// Runs the compiled CLI (npm ci builds dist/ in its prepare step).
import { createProgram } from '../dist/src/cli.js'

createProgram().parseAsync(process.argv).catch((err) => {
  process.stderr.write(`billing-mocks: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
