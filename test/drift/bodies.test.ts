import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { PACKAGE_ROOT } from '../../src/config.js'
import { createMasker } from '../../src/drift/mask.js'
import { toRecording, type RealExchange } from '../../src/drift/record.js'
import { createValidator } from '../../src/drift/validate.js'

function exchange (body: Buffer, contentType: string | undefined, secrets: string[] = []): RealExchange {
  return { api: 'masstack', target: 'https://provider.example', method: 'GET', path: '/v2/orgs/telco/accounts/1/invoices', query: '', requestBody: undefined, requestContentType: undefined, status: 200, headers: contentType === undefined ? {} : { 'content-type': contentType }, body, secrets }
}

function recorded (entry: RealExchange): string {
  const { response } = toRecording(entry, createMasker(), { keepFiles: false, secrets: entry.secrets })
  return response.body ?? Buffer.from(response.bodyBase64 ?? '', 'base64').toString('latin1')
}

describe('recorded answer bodies', () => {
  it('masks a Latin-1 JSON answer and records it as UTF-8 text', () => {
    const body = Buffer.from('{"name":"José Peña","msisdn":"50499990001","echo":"SECRETTOKEN123"}', 'latin1')

    const text = recorded(exchange(body, 'application/json; charset=iso-8859-1', ['SECRETTOKEN123']))

    expect(text).not.toMatch(/Peña|50499990001|SECRETTOKEN123/)
    expect(JSON.parse(text)).toMatchObject({ name: expect.stringMatching(/^MASKED-/), msisdn: expect.stringMatching(/^5049\d{7}$/) })
  })

  it('masks JSON whatever the content type says, and omits bytes it cannot read', () => {
    const json = recorded(exchange(Buffer.from('{"name":"José Peña"}'), undefined))
    const binary = recorded(exchange(Buffer.from([0x00, 0x01, 0x02, 0x53, 0x45, 0x43, 0x52, 0x45, 0x54]), 'application/octet-stream'))

    expect(json).not.toContain('Peña')
    expect(binary).toMatch(/omitted by billing-mocks proxy/)
  })

  it('omits an XML file unless files are kept', () => {
    const text = recorded(exchange(Buffer.from('<?xml version="1.0"?><Factura><Nombre>José Peña</Nombre></Factura>'), 'application/xml'))

    expect(text).not.toContain('Peña')
  })
})

describe('the validator and billingdata\'s two key sets', () => {
  it('reports only the extra field of an English-key answer, not the Spanish branch\'s complaints', () => {
    const validator = createValidator(JSON.parse(readFileSync(`${PACKAGE_ROOT}mocks/billingdata/openapi.json`, 'utf8')) as never)
    const invoice = { tenantId: 't', customerName: 'c', invoiceid: '4b7e1d3c-9f5a-4e2b-8c1d-2a3b4c5d6e7f', invoiceNumber: 'INV-2026-000001', billingPeriodStart: '2026-01-01T00:00:00Z', billingPeriodEnd: '2026-01-31T23:59:59Z', invoiceValue: 100, currency: 'EUR' }
    const body = Buffer.from(JSON.stringify({ page_size: 2, data: [invoice, invoice], status: 'success', timestamp: '2026-11-21T03:23:38.2010000Z' }))

    const { violations } = validator.validate({ method: 'GET', path: '/api/v1.0/billingdata', status: 200, contentType: 'application/json', body })

    expect(violations.map((violation) => [violation.kind, violation.path])).toEqual([['unknown-field', '/data/*/currency']])
  })
})
