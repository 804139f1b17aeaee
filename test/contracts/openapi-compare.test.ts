import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { comparePact, formatResults } from '../../src/contracts/compare.js'
import { PACKAGE_ROOT } from '../../src/config.js'

interface Pact { provider: { name: string }, interactions: Array<{ description: string, response: { body?: { content?: unknown } } }> }

const contracts = readdirSync(`${PACKAGE_ROOT}contracts`).filter((name) => name.endsWith('.json')).sort()
const read = (name: string): Pact => JSON.parse(readFileSync(`${PACKAGE_ROOT}contracts/${name}`, 'utf8')) as Pact

describe('contracts against the OpenAPI documents', () => {
  it.each(contracts)('finds no error between %s and its API\'s OpenAPI document', async (name) => {
    const pact = read(name)

    const results = await comparePact(pact, pact.provider.name)

    expect(formatResults(results.filter((result) => result.type === 'error'))).toBe('')
  })

  it('reports a misspelt response field of a pact, naming the interaction', async () => {
    const pact = read('billing-clients-bo-billing.json')
    const interaction = pact.interactions.find((candidate) => candidate.description === 'a request for the first 5 bills of a contract')
    const body = interaction?.response.body as { content: Record<string, unknown> }
    body.content = { ...body.content, contractNumber: body.content.contractNo }
    delete body.content.contractNo

    const errors = (await comparePact(pact, 'bo-billing')).filter((result) => result.type === 'error')

    expect(errors.length).toBeGreaterThan(0)
    expect(errors.every((error) => error.interaction === 'a request for the first 5 bills of a contract')).toBe(true)
    expect(formatResults(errors)).toMatch(/contractNumber|contractNo/)
  })
})
