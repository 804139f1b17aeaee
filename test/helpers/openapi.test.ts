import { describe, expect, it } from 'vitest'
import { buildTestApp } from './build-app.js'
import { expectDocumented, type Exchange } from './openapi.js'

const url = '/masstack/v2/orgs/telco/accounts/214748364/invoices'
const json = { 'content-type': 'application/json; charset=utf-8' }

function exchange (overrides: Partial<Exchange>): Exchange {
  return { method: 'GET', url, statusCode: 404, headers: json, body: '{"code":404,"message":"Account not found."}', ...overrides }
}

describe('expectDocumented', () => {
  it('accepts an answer the document describes', async () => {
    const app = await buildTestApp()

    const checking = expectDocumented(app, 'masstack', exchange({}))

    await expect(checking).resolves.toBeUndefined()
  })

  it.each([
    ['an undocumented status', { statusCode: 418 }, /answered 418, which GET \/v2\/orgs\/\{orgId\}\/accounts\/\{accountId\}\/invoices .*does not document/],
    ['a body that breaks the schema', { body: '{"code":"404"}' }, /\(root\) must have required property 'message'\n {2}\/code must be integer/],
    ['a body that is not JSON', { body: 'Not found' }, /not JSON/],
    ['an undocumented content type', { headers: { 'content-type': 'text/html' } }, /content-type "text\/html" is not one of application\/json/],
    ['a body on a response documented without content', { method: 'POST', statusCode: 405, body: '{}' }, /has no content and the body is not empty/]
  ])('fails, saying why, for %s', async (_what, overrides, message) => {
    const app = await buildTestApp()

    const checking = expectDocumented(app, 'masstack', exchange(overrides))

    await expect(checking).rejects.toThrow(message)
  })
})
