import { describe, expect, it } from 'vitest'
import { sampleLatency } from '../../src/scenarios/faults.js'

/** A `random` that returns the given numbers in order, and fails loudly when asked for more. */
function sequence (...values: number[]): () => number {
  let next = 0
  return () => {
    const value = values[next++]
    if (value === undefined) throw new Error(`sampleLatency drew more than the ${values.length} number(s) the test gave it.`)
    return value
  }
}

// Box–Muller: z = sqrt(-2·ln(1 - u1))·cos(2π·u2). These draws give z = 0, +1 and -1 exactly (up to rounding).
const Z_ZERO = [0, 0.3]
const Z_PLUS_ONE = [1 - Math.exp(-0.5), 0]
const Z_MINUS_ONE = [1 - Math.exp(-0.5), 0.5]
const Z_FAR_TAIL = [0.999999, 0] // z ≈ 5.26

describe('sampleLatency', () => {
  it('returns a fixed delay as given, drawing nothing', () => {
    const random = sequence()

    const delay = sampleLatency({ fixed: 300 }, random)

    expect(delay).toBe(300)
  })

  it('draws a uniform delay from min to max, both included', () => {
    const uniform = { uniform: { min: 100, max: 500 } }

    const delays = [0, 0.25, 0.5, 0.999999].map((draw) => sampleLatency(uniform, sequence(draw)))

    expect(delays).toEqual([100, 200, 300, 500])
  })

  it('keeps every uniform delay within its bounds', () => {
    const draws = Array.from({ length: 1000 }, (_, i) => i / 1000)

    const delays = draws.map((draw) => sampleLatency({ uniform: { min: 40, max: 60 } }, sequence(draw)))

    expect(Math.min(...delays)).toBe(40)
    expect(Math.max(...delays)).toBe(60)
  })

  it('answers the lognormal median when the normal draw is 0', () => {
    const delay = sampleLatency({ lognormal: { median: 300, sigma: 0.4 } }, sequence(...Z_ZERO))

    expect(delay).toBe(300)
  })

  it('spreads a lognormal delay by a factor of e^sigma per standard deviation, either side of the median', () => {
    const lognormal = { lognormal: { median: 300, sigma: 0.4 } }

    const above = sampleLatency(lognormal, sequence(...Z_PLUS_ONE))
    const below = sampleLatency(lognormal, sequence(...Z_MINUS_ONE))

    expect(above).toBe(Math.round(300 * Math.exp(0.4)))
    expect(below).toBe(Math.round(300 / Math.exp(0.4)))
  })

  it('answers the median whatever the draw when sigma is 0', () => {
    const delay = sampleLatency({ lognormal: { median: 250, sigma: 0 } }, sequence(...Z_FAR_TAIL))

    expect(delay).toBe(250)
  })

  it('caps a lognormal delay at its max', () => {
    const delay = sampleLatency({ lognormal: { median: 300, sigma: 1, max: 1000 } }, sequence(...Z_FAR_TAIL))

    expect(delay).toBe(1000)
  })

  it('caps a lognormal delay at 60 s when no max is given', () => {
    const delay = sampleLatency({ lognormal: { median: 300, sigma: 4 } }, sequence(...Z_FAR_TAIL))

    expect(delay).toBe(60_000)
  })
})
