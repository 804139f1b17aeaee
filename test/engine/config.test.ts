import { describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app.js'
import { DEFAULT_CONFIG, resolveConfig, type Config } from '../../src/config.js'

describe('resolveConfig', () => {
  it('fills every option left out or undefined with its default', () => {
    const config = resolveConfig({ port: 0, seed: undefined })

    expect(config).toEqual({ ...DEFAULT_CONFIG, port: 0 })
  })

  it.each<[Partial<Config>, string]>([
    [{ port: 70000 }, 'port'],
    [{ seed: -1 }, 'seed'],
    [{ tokenTtl: 0 }, 'tokenTtl'],
    [{ clock: 'yesterday' }, 'clock'],
    [{ fixtures: [''] }, 'fixtures'],
    [{ logLevel: 'loud' as Config['logLevel'] }, 'logLevel']
  ])('names the option in the error for %j', (overrides, option) => {
    const resolve = (): Config => resolveConfig(overrides)

    expect(resolve).toThrow(`option "${option}"`)
  })

  it('shows the rejected value and how to fix it', () => {
    const resolve = (): Config => resolveConfig({ port: 70000 })

    expect(resolve).toThrow(/got 70000.*BILLING_MOCKS_/)
  })

  it('takes "memory" or a Redis URL for --state, and names both forms when given anything else', () => {
    expect(resolveConfig({ state: 'redis://qa:secret@redis:6379/2' }).state).toBe('redis://qa:secret@redis:6379/2')
    expect(resolveConfig({ state: 'rediss://redis.example.com:6380' }).state).toBe('rediss://redis.example.com:6380')
    expect(() => resolveConfig({ state: 'postgres://qa:secret@db/mocks' })).toThrow(/"memory" or a Redis URL.*got "postgres:\/\/\*\*\*@db\/mocks"/)
  })
})

describe('buildApp', () => {
  it('refuses to build with an invalid option', async () => {
    const building = buildApp({ logLevel: 'silent', billingdataKeys: 'fr' as Config['billingdataKeys'] })

    await expect(building).rejects.toThrow('option "billingdataKeys"')
  })
})
