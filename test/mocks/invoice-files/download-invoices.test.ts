import type { FastifyInstance } from 'fastify'
import { describe, expect, it } from 'vitest'
import { decimalAmount, invoiceTotals, printedAmount } from '../../../src/documents/index.js'
import { bearerHeader, buildTestApp } from '../../helpers/build-app.js'
import { parseInvoice, pdfText, readZip, zipEntries } from '../../helpers/files.js'
import { expectDocumented } from '../../helpers/openapi.js'

const OWN = '11111111-1111-4111-8111-111111111111'
const SUB = '22222222-2222-4222-8222-222222222222'
const STRANGER = '33333333-3333-4333-8333-333333333333'
const invoice = (n: number): string => `aaaaaaaa-0000-4000-8000-00000000000${n}`
const url = (customer: string): string => `/invoice-files/api/v2/customer/${customer}/download-invoices`

async function download (app: FastifyInstance, customer: string, payload?: unknown, headers: Record<string, string> = {}): Promise<Awaited<ReturnType<FastifyInstance['inject']>>> {
  const res = await app.inject({ method: 'POST', url: url(customer), headers: { ...(await bearerHeader(app)), ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) })
  await expectDocumented(app, 'invoice-files', res)
  return res
}

function attachment (res: { json: <T>() => T }): Buffer {
  const content = res.json<{ content: Array<{ attachmentData: string }> }>().content
  expect(content).toHaveLength(1)
  return Buffer.from(content[0]?.attachmentData ?? '', 'base64')
}

function failure (errorCode: string, errorMessage: string): object {
  return { errorCode, errorMessage, content: '', pageable: null }
}

describe('POST /invoice-files/api/v2/customer/:id/download-invoices', () => {
  it('answers the PDF itself when one file results, with the documented success envelope', async () => {
    const app = await buildTestApp()

    const res = await download(app, OWN, { id: [invoice(2)] })

    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ errorCode: '', errorMessage: '', pageable: null })
    const pdf = attachment(res)
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    const text = await pdfText(pdf)
    expect(text).toContain('FAC-2026-000102')
    expect(text).toContain('Comercializadora Atlántida S.A.')
    expect(text).toContain(OWN)
  })

  it('answers a ZIP of the PDF and the XML of an e-invoice, whose totals agree', async () => {
    const app = await buildTestApp()

    const zip = attachment(await download(app, OWN, { id: [invoice(1)] }))

    expect(zip.subarray(0, 2).toString()).toBe('PK')
    const entries = await zipEntries(zip)
    expect([...entries.keys()].sort()).toEqual(['FAC-2026-000101.pdf', 'FAC-2026-000101.xml'])
    const ubl = parseInvoice(entries.get('FAC-2026-000101.xml') ?? '')
    const payable = ubl['cac:LegalMonetaryTotal']['cbc:PayableAmount']
    const pdf = await pdfText(entries.get('FAC-2026-000101.pdf') ?? Buffer.alloc(0))
    const [units = '', cents = ''] = String(payable['#text']).split('.')
    expect(pdf).toContain(printedAmount(Number(units) * 100 + Number(cents), payable['@_currencyID']))
  })

  it('lists exactly the requested invoices\' files in the ZIP, each a valid file', async () => {
    const app = await buildTestApp()

    const entries = await zipEntries(attachment(await download(app, OWN, { id: [invoice(2), invoice(1), invoice(2)] })))

    expect([...entries.keys()].sort()).toEqual(['FAC-2026-000101.pdf', 'FAC-2026-000101.xml', 'FAC-2026-000102.pdf'])
    for (const [name, data] of entries) {
      if (name.endsWith('.pdf')) expect(data.subarray(0, 5).toString()).toBe('%PDF-')
      else expect(() => parseInvoice(data)).not.toThrow()
    }
  })

  it.each([
    ['an empty object', {}],
    ['an empty id array', { id: [] }]
  ])('answers every invoice of the customer for %s', async (_case, payload) => {
    const app = await buildTestApp()

    const entries = await zipEntries(attachment(await download(app, OWN, payload)))

    expect([...entries.keys()].sort()).toEqual(['FAC-2026-000101.pdf', 'FAC-2026-000101.xml', 'FAC-2026-000102.pdf', 'FAC-2026-000103.pdf'])
  })

  it.each([
    ['no body and no content type', {}],
    ['an empty JSON body', { 'content-type': 'application/json' }]
  ])('answers 400 GLOBAL_1000 naming the required body for %s, as the document marks it required', async (_case, headers) => {
    const app = await buildTestApp()

    const res = await download(app, OWN, undefined, headers)

    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual(failure('GLOBAL_1000', 'Invalid request'))
    expect(res.headers['x-mock-detail']).toMatch(/request body is required: send \{\}/)
  })

  it('dates each ZIP entry with its own invoice\'s issue date, the same bytes on every request', async () => {
    const app = await buildTestApp()

    const first = attachment(await download(app, OWN, {}))
    const second = attachment(await download(app, OWN, {}))
    const dates = Object.fromEntries((await readZip(first)).map((entry) => [entry.name, entry.date.toISOString().slice(0, 10)]))

    expect(dates).toEqual({ 'FAC-2026-000101.pdf': '2026-08-01', 'FAC-2026-000101.xml': '2026-08-01', 'FAC-2026-000102.pdf': '2026-09-01', 'FAC-2026-000103.pdf': '2026-10-01' })
    expect(second.equals(first)).toBe(true)
  })

  it('accepts a bare JSON array of invoice IDs', async () => {
    const app = await buildTestApp()

    const res = await download(app, OWN, [invoice(3)])

    expect(await pdfText(attachment(res))).toContain('FAC-2026-000103')
  })

  it('reads a lone invoice ID (a JSON string, and `id` as a string) as a list of one', async () => {
    const app = await buildTestApp()

    const bare = await download(app, OWN, JSON.stringify(invoice(2)), { 'content-type': 'application/json' })
    const field = await download(app, OWN, { id: invoice(3) })
    const invalid = await download(app, OWN, JSON.stringify('not-a-uuid'), { 'content-type': 'application/json' })

    expect(await pdfText(attachment(bare))).toContain('FAC-2026-000102')
    expect(await pdfText(attachment(field))).toContain('FAC-2026-000103')
    expect(invalid.statusCode).toBe(400)
    expect(invalid.json()).toMatchObject({ errorCode: 'CUSTOMER_1040' })
  })

  it('serves a direct sub-customer\'s invoices to the requestor', async () => {
    const app = await buildTestApp()

    const entries = await zipEntries(attachment(await download(app, SUB, { id: [invoice(4)] })))

    expect([...entries.keys()].sort()).toEqual(['FAC-2026-000201.pdf', 'FAC-2026-000201.xml'])
  })

  it('answers the same bytes for the same request', async () => {
    const [a, b] = await Promise.all([buildTestApp(), buildTestApp()])

    const first = await download(a, OWN, {})
    const other = await download(b, OWN, {})

    expect(other.body).toBe(first.body)
  })

  it('prints the total the UBL reports, computed from the invoice lines', async () => {
    const app = await buildTestApp()

    const entries = await zipEntries(attachment(await download(app, SUB, {})))

    const ubl = parseInvoice(entries.get('FAC-2026-000201.xml') ?? '')
    const lines = [ubl['cac:InvoiceLine']].flat().map((line: Record<string, any>) => ({
      description: '',
      quantity: Number(line['cbc:InvoicedQuantity']['#text'] ?? line['cbc:InvoicedQuantity']),
      unitPrice: Math.round(Number(line['cac:Price']['cbc:PriceAmount']['#text']) * 100),
      taxRate: 0.15
    }))
    expect(ubl['cac:LegalMonetaryTotal']['cbc:PayableAmount']['#text']).toBe(decimalAmount(invoiceTotals({ lines }).total))
  })

  it.each([
    ['a customer outside the requestor\'s tree', STRANGER],
    ['an unknown customer', '99999999-9999-4999-8999-999999999999'],
    ['a customer ID that is not a UUID', 'customer-1']
  ])('answers 404 CUSTOMER_1002 for %s', async (_case, customer) => {
    const app = await buildTestApp()

    const res = await download(app, customer, {})

    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual(failure('CUSTOMER_1002', 'Customer does not exist'))
  })

  it.each([
    ['a malformed invoice UUID', { id: ['not-a-uuid'] }],
    ['an invoice of another customer', { id: [invoice(4)] }],
    ['an ID that is not a string', { id: [42] }]
  ])('answers 400 CUSTOMER_1040 for %s', async (_case, payload) => {
    const app = await buildTestApp()

    const res = await download(app, OWN, payload)

    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual(failure('CUSTOMER_1040', 'Requested invoice ID\\s invalid'))
    expect(res.headers['x-mock-detail']).toBeTruthy()
  })

  it('answers 400 GLOBAL_1010 past 20 invoice IDs per request', async () => {
    const app = await buildTestApp()

    const res = await download(app, OWN, { id: Array.from({ length: 21 }, () => invoice(1)) })

    expect(res.statusCode).toBe(400)
    expect(res.json().errorCode).toBe('GLOBAL_1010')
  })

  it('answers 400 GLOBAL_1000 for a body that is not JSON', async () => {
    const app = await buildTestApp()

    const res = await app.inject({ method: 'POST', url: url(OWN), headers: { ...(await bearerHeader(app)), 'content-type': 'application/json' }, payload: '{"id": [' })

    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual(failure('GLOBAL_1000', 'Invalid request'))
  })

  it('answers 401 GLOBAL_1003 without a bearer token', async () => {
    const app = await buildTestApp()

    const res = await app.inject({ method: 'POST', url: url(OWN), payload: {} })

    expect(res.statusCode).toBe(401)
    await expectDocumented(app, 'invoice-files', res)
    expect(res.json()).toEqual(failure('GLOBAL_1003', 'Unauthorized'))
  })

  it.each([
    ['CUSTOMER_1006', 500, 'Failed to retrieve customer details'],
    ['GLOBAL_1001', 503, 'Service unavailable. Please try again']
  ])('answers %s on request through X-Mock-Scenario', async (code, status, message) => {
    const app = await buildTestApp()

    const res = await download(app, OWN, {}, { 'x-mock-scenario': code })

    expect(res.statusCode).toBe(status)
    expect(res.json()).toEqual(failure(code, message))
  })

  it.each([
    ['CUSTOMER_1006', '44444444-4444-4444-8444-444444444444', 500],
    ['GLOBAL_1001', '55555555-5555-4555-8555-555555555555', 503]
  ])('answers %s for a customer tagged with it in the fixtures', async (code, customer, status) => {
    const app = await buildTestApp({ fixtures: ['fixtures/default.yaml', 'test/fixtures/invoice-files-scenarios.yaml'] })

    const res = await download(app, customer, {})

    expect(res.statusCode).toBe(status)
    expect(res.json().errorCode).toBe(code)
  })

  it('answers 500 CUSTOMER_1006 when the token\'s client acts for no customer', async () => {
    const app = await buildTestApp({ fixtures: ['fixtures/default.yaml', 'test/fixtures/invoice-files-scenarios.yaml'] })

    const res = await app.inject({ method: 'POST', url: url(OWN), headers: await bearerHeader(app, 'orphan-client', 'orphan-secret'), payload: {} })

    expect(res.statusCode).toBe(500)
    expect(res.json().errorCode).toBe('CUSTOMER_1006')
  })

  it.each([['400', 'CUSTOMER_1040'], ['404', 'CUSTOMER_1002'], ['500', 'CUSTOMER_1006'], ['503', 'GLOBAL_1001']])('answers Prefer: code=%s with its documented code %s', async (status, code) => {
    const app = await buildTestApp()

    const res = await download(app, OWN, {}, { prefer: `code=${status}` })

    expect(res.statusCode).toBe(Number(status))
    expect(res.json().errorCode).toBe(code)
  })

  it('answers 405 GLOBAL_1005 with Allow: POST for GET', async () => {
    const app = await buildTestApp()

    const res = await app.inject({ method: 'GET', url: url(OWN), headers: await bearerHeader(app) })

    expect(res.statusCode).toBe(405)
    expect(res.headers.allow).toBe('POST')
    expect(res.json().errorCode).toBe('GLOBAL_1005')
  })
})
