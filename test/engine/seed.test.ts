import { describe, expect, it } from 'vitest'
import { entitySeed } from '../../src/world/seed.js'

describe('entitySeed', () => {
  it('gives the same 32-bit seed for the same seed, API and key', () => {
    const first = entitySeed(1, 'masstack', 'account:telco/1')

    const again = entitySeed(1, 'masstack', 'account:telco/1')

    expect(again).toBe(first)
    expect(Number.isInteger(first) && first >= 0 && first < 2 ** 32).toBe(true)
  })

  it.each([
    ['another world seed', 2, 'masstack', 'account:telco/1'],
    ['another API', 1, 'bo-billing', 'account:telco/1'],
    ['another key', 1, 'masstack', 'account:telco/2']
  ])('gives another seed for %s', (_what, seed, api, key) => {
    const base = entitySeed(1, 'masstack', 'account:telco/1')

    const other = entitySeed(seed, api, key)

    expect(other).not.toBe(base)
  })

  it('keeps the parts apart, so moving text between API and key changes the seed', () => {
    const base = entitySeed(1, 'mass', 'tack:1')

    const shifted = entitySeed(1, 'masstack', ':1')

    expect(shifted).not.toBe(base)
  })
})
