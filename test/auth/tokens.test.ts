import { describe, expect, it } from 'vitest'
import { createTokenService } from '../../src/auth/tokens.js'

const T = '2026-03-01T10:00:00Z'
const settings = { seed: 1, tokenTtl: 3600, clock: T }

function issueAt (clock: string, options: Partial<typeof settings> & { tokenSecret?: string } = {}): string {
  return `Bearer ${createTokenService({ ...settings, ...options, clock }).issue('qa-client', 'read').token}`
}

describe('createTokenService', () => {
  it('verifies a token it issued, with the client and scope', () => {
    const tokens = createTokenService(settings)
    const { token } = tokens.issue('qa-client', 'read')

    const check = tokens.verify(`Bearer ${token}`)

    expect(check).toMatchObject({ ok: true, claims: { sub: 'qa-client', scope: 'read' } })
  })

  it('rejects a token as expired once tokenTtl seconds have passed', () => {
    const authorization = issueAt(T)

    const check = createTokenService({ ...settings, clock: '2026-03-01T11:00:01Z' }).verify(authorization)

    expect(check).toMatchObject({ ok: false, reason: 'expired' })
  })

  it('accepts a token from another service with the same settings (a restart or a replica)', () => {
    const authorization = issueAt(T, { tokenSecret: 'shared' })

    const check = createTokenService({ ...settings, tokenSecret: 'shared' }).verify(authorization)

    expect(check.ok).toBe(true)
  })

  it.each([
    ['another seed', { seed: 2 }],
    ['another tokenSecret', { tokenSecret: 'other' }]
  ])('rejects a token signed under %s as invalid', (_what, other) => {
    const authorization = issueAt(T, other)

    const check = createTokenService(settings).verify(authorization)

    expect(check).toMatchObject({ ok: false, reason: 'invalid' })
  })

  it.each([
    [undefined, 'missing'],
    ['Basic cWEtY2xpZW50OnFhLXNlY3JldA==', 'malformed'],
    ['Bearer not-a-token', 'invalid']
  ])('rejects the Authorization header %s as %s', (authorization, reason) => {
    const check = createTokenService(settings).verify(authorization)

    expect(check).toMatchObject({ ok: false, reason })
  })
})
