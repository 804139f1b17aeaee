import { describe, expect, it } from 'vitest'
import { TOKEN_PATH } from '../../src/auth/token-endpoint.js'
import { drift, driftMarkdown, type DriftReport } from '../../src/drift/drift.js'
import { standInProvider, type DriftRules } from '../helpers/stand-in-provider.js'

async function driftOf (api: string, rules: DriftRules): Promise<DriftReport> {
  const { baseUrl } = await standInProvider(rules)
  return drift({ api, target: `${baseUrl}/${api}`, clientId: 'qa-client', clientSecret: 'qa-secret', tokenUrl: `${baseUrl}${TOKEN_PATH}` })
}

function kinds (report: DriftReport): Array<[string, string]> {
  return report.findings.map((finding) => [finding.kind, finding.path])
}

describe('npm run drift', () => {
  it.each(['hn-billing', 'bo-billing', 'masstack', 'billingdata', 'invoice-files'])('finds no drift in %s when the provider answers as documented', async (api) => {
    const report = await driftOf(api, {})

    expect(report.findings).toEqual([])
    expect(report.drift).toBe(false)
    expect(report.replayed.length).toBeGreaterThan(1)
  })

  it('reports a new field and a renamed one, with the operation and the requests that showed them', async () => {
    const report = await driftOf('masstack', { '/masstack/': [{ kind: 'extra-field', field: 'currency', value: 'EUR' }, { kind: 'rename-field', from: 'account_id', to: 'accountId' }] })

    expect(kinds(report).sort()).toEqual([['renamed-field', '/account_id'], ['unknown-field', '/currency']])
    const renamed = report.findings.find((finding) => finding.kind === 'renamed-field')
    expect(renamed).toMatchObject({ operation: 'GET /v2/orgs/{orgId}/accounts/{accountId}/invoices', expected: 'account_id', actual: 'accountId' })
    expect(renamed?.seenIn).toContain('the invoices of account 214748364')
  })

  it('reports a retyped field with the documented and the real type', async () => {
    const report = await driftOf('bo-billing', { '/bo-billing/': [{ kind: 'retype-field', field: 'dueDate', value: 20261120 }] })

    expect(report.findings).toEqual([expect.objectContaining({ kind: 'type', path: '/dueDate', expected: 'string', actual: 'integer' })])
  })

  it('reports an undocumented status', async () => {
    const report = await driftOf('billingdata', { '/billingdata/': [{ kind: 'status', status: 202 }] })

    expect(report.findings).toEqual([expect.objectContaining({ kind: 'status', operation: 'GET /api/v1.0/billingdata', actual: '202' })])
  })

  it('reports a binary file where the document says base64 inside JSON', async () => {
    const report = await driftOf('hn-billing', { '/hn-billing/customers/50499990001/': [{ kind: 'binary-file', field: 'invoice' }] })

    expect(kinds(report)).toEqual(expect.arrayContaining([['content-type', 'content-type']]))
    expect(report.findings.find((finding) => finding.kind === 'content-type')).toMatchObject({ expected: 'application/json', actual: 'application/pdf' })
  })

  it('writes the report as a page: one row per difference, one per request', async () => {
    const report = await driftOf('masstack', { '/masstack/': [{ kind: 'extra-field', field: 'currency', value: 'EUR' }] })

    const page = driftMarkdown(report)

    expect(page).toMatch(/^# Drift report: masstack/)
    expect(page).toContain('| new field | `GET /v2/orgs/{orgId}/accounts/{accountId}/invoices` | `/currency` |')
    expect(page).toContain('| the invoices of account 214748364 | example | 200 | 1 |')
  })
})
