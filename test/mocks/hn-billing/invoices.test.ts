import { describe, expect, it } from 'vitest'
import { decimalAmount, invoiceTotals, printedAmount } from '../../../src/documents/index.js'
import { invoiceDocument } from '../../../mocks/hn-billing/world.js'
import { bearerHeader, buildTestApp } from '../../helpers/build-app.js'
import { parseInvoice, pdfPages, pdfText } from '../../helpers/files.js'
import { expectDocumented } from '../../helpers/openapi.js'

const url = '/hn-billing/customers/50499990001/invoices'
const invoice = { invoiceNumber: '000-001-01-00012345', invoiceDate: '2026-10-01' }
const summaryPdf = { ...invoice, type: 'SUMMARY', typeResult: 'PDF' }

/** What the PDF must print as its total: the world's own invoice model, seed 1. */
function expectedTotal (variant: 'summary' | 'detail' = 'summary'): number {
  const doc = invoiceDocument(1, { msisdn: '50499990001', ...invoice, eInvoice: true }, 'Distribuidora Morazán S. de R.L.', variant)
  return invoiceTotals(doc).total
}

describe('POST /hn-billing/customers/:msisdn/invoices', () => {
  it('answers 200 with the invoice PDF in base64, showing invoice number, customer, MSISDN and total', async () => {
    const app = await buildTestApp()

    const res = await app.inject({ method: 'POST', url, query: summaryPdf, headers: await bearerHeader(app) })

    expect(res.statusCode).toBe(200)
    await expectDocumented(app, 'hn-billing', res)
    expect(res.json()).toMatchObject({ status: 'OK' })
    const pdf = Buffer.from(res.json<{ invoice: string }>().invoice, 'base64')
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    const pages = await pdfPages(pdf)
    const text = pages.join('\n')
    expect(pages).toHaveLength(1)
    expect(text).toContain('000-001-01-00012345')
    expect(text).toContain('Distribuidora Morazán S. de R.L.')
    expect(text).toContain('50499990001')
    expect(text).toContain(printedAmount(expectedTotal(), 'HNL'))
  })

  it('answers the DETAIL variant over several pages with the same total as the SUMMARY', async () => {
    const app = await buildTestApp()

    const res = await app.inject({ method: 'POST', url, query: { ...invoice, type: 'DETAIL', typeResult: 'PDF' }, headers: await bearerHeader(app) })

    const pages = await pdfPages(Buffer.from(res.json<{ invoice: string }>().invoice, 'base64'))
    const text = pages.join('\n')
    expect(pages.length).toBeGreaterThan(1)
    expect(expectedTotal('detail')).toBe(expectedTotal('summary'))
    expect(text).toContain(printedAmount(expectedTotal(), 'HNL'))
    expect(text).toMatch(/Llamada a 504/)
  })

  it('answers the UBL 2.1 e-invoice for typeResult=XML, with the PDF\'s totals', async () => {
    const app = await buildTestApp()

    const res = await app.inject({ method: 'POST', url, query: { ...invoice, type: 'SUMMARY', typeResult: 'XML' }, headers: await bearerHeader(app) })

    expect(res.statusCode).toBe(200)
    const ubl = parseInvoice(Buffer.from(res.json<{ invoice: string }>().invoice, 'base64'))
    expect(ubl['cbc:UBLVersionID']).toBe('2.1')
    expect(ubl['cbc:ID']).toBe('000-001-01-00012345')
    expect(ubl['cac:LegalMonetaryTotal']['cbc:PayableAmount']['#text']).toBe(decimalAmount(expectedTotal()))
    expect(ubl['cac:LegalMonetaryTotal']['cbc:PayableAmount']['@_currencyID']).toBe('HNL')
  })

  it('answers the same bytes for the same request, also from another server with the same seed', async () => {
    const [a, b] = await Promise.all([buildTestApp(), buildTestApp()])

    const first = await a.inject({ method: 'POST', url, query: summaryPdf, headers: await bearerHeader(a) })
    const again = await a.inject({ method: 'POST', url, query: summaryPdf, headers: await bearerHeader(a) })
    const other = await b.inject({ method: 'POST', url, query: summaryPdf, headers: await bearerHeader(b) })

    expect(again.body).toBe(first.body)
    expect(other.body).toBe(first.body)
  })

  it('serves a generated customer\'s monthly invoice numbered by month and MSISDN', async () => {
    const app = await buildTestApp()

    const res = await app.inject({ method: 'POST', url: '/hn-billing/customers/50499991234/invoices', query: { invoiceNumber: '000-001-01-26101234', invoiceDate: '2026-10-01', type: 'SUMMARY', typeResult: 'PDF' }, headers: await bearerHeader(app) })

    expect(res.statusCode).toBe(200)
    expect(await pdfText(Buffer.from(res.json<{ invoice: string }>().invoice, 'base64'))).toContain('000-001-01-26101234')
  })

  it.each(['invoiceNumber', 'invoiceDate', 'type', 'typeResult'])('answers 400 errorBody naming %s when it is missing', async (param) => {
    const app = await buildTestApp()
    const query: Record<string, string> = { ...summaryPdf }
    delete query[param]

    const res = await app.inject({ method: 'POST', url, query, headers: await bearerHeader(app) })

    expect(res.statusCode).toBe(400)
    await expectDocumented(app, 'hn-billing', res)
    expect(res.json().error.description).toContain(`"${param}" is required`)
  })

  it.each([
    ['type', { type: 'FULL' }, /"type" must be one of "SUMMARY", "DETAIL"/],
    ['typeResult', { typeResult: 'HTML' }, /"typeResult" must be one of "PDF", "XML"/],
    ['invoiceDate', { invoiceDate: '01/10/2026' }, /"invoiceDate" must match format "date"/],
    ['invoiceNumber', { invoiceNumber: '12345' }, /"invoiceNumber" must match pattern/]
  ])('answers 400 errorBody listing what %s allows', async (_param, override, message) => {
    const app = await buildTestApp()

    const res = await app.inject({ method: 'POST', url, query: { ...summaryPdf, ...override }, headers: await bearerHeader(app) })

    expect(res.statusCode).toBe(400)
    expect(res.json().error.description).toMatch(message)
  })

  it('answers 400 errorBody for an MSISDN that is not Honduran', async () => {
    const app = await buildTestApp()

    const res = await app.inject({ method: 'POST', url: '/hn-billing/customers/59171234567/invoices', query: summaryPdf, headers: await bearerHeader(app) })

    expect(res.statusCode).toBe(400)
    expect(res.json().error.description).toMatch(/"msisdn" must match pattern/)
  })

  it('answers 401 errorBody without a bearer token', async () => {
    const app = await buildTestApp()

    const res = await app.inject({ method: 'POST', url, query: summaryPdf })

    expect(res.statusCode).toBe(401)
    await expectDocumented(app, 'hn-billing', res)
  })

  it.each([
    ['an unknown MSISDN', '/hn-billing/customers/50433334444/invoices', summaryPdf, /No customer with MSISDN 50433334444/],
    ['an invoice the MSISDN does not have', url, { ...summaryPdf, invoiceNumber: '000-001-01-99999999' }, /has no invoice 000-001-01-99999999/],
    ['a date that does not match the invoice', url, { ...summaryPdf, invoiceDate: '2026-10-02' }, /not issued on 2026-10-02/],
    ['XML of an invoice without e-invoice', url, { invoiceNumber: '000-001-01-00011987', invoiceDate: '2026-09-01', type: 'SUMMARY', typeResult: 'XML' }, /no electronic invoice/]
  ])('answers 404 errorBody for %s', async (_case, path, query, message) => {
    const app = await buildTestApp()

    const res = await app.inject({ method: 'POST', url: path, query, headers: await bearerHeader(app) })

    expect(res.statusCode).toBe(404)
    await expectDocumented(app, 'hn-billing', res)
    expect(res.json().error.description).toMatch(message)
  })

  it('answers the documented default (500) errorBody for Prefer: code=500', async () => {
    const app = await buildTestApp()

    const res = await app.inject({ method: 'POST', url, query: summaryPdf, headers: { ...(await bearerHeader(app)), prefer: 'code=500' } })

    expect(res.statusCode).toBe(500)
    await expectDocumented(app, 'hn-billing', res)
    expect(res.json().error.code).toBe('500')
  })

  it('answers 405 with Allow: POST for GET', async () => {
    const app = await buildTestApp()

    const res = await app.inject({ method: 'GET', url, query: summaryPdf, headers: await bearerHeader(app) })

    expect(res.statusCode).toBe(405)
    expect(res.headers.allow).toBe('POST')
  })
})

describe('the SUMMARY invoice\'s line for calls outside the plan', () => {
  it('shows as its quantity the minutes its description names, for every generated invoice', () => {
    const lines = Array.from({ length: 60 }, (_, index) => invoiceDocument(index + 1, { msisdn: `5049999${String(index).padStart(4, '0')}`, invoiceNumber: `000-001-01-${String(index + 1).padStart(8, '0')}`, invoiceDate: '2026-10-01', eInvoice: true }, undefined, 'summary').lines)
      .map((invoiceLines) => invoiceLines.find((line) => line.description.includes('fuera del plan')))

    const disagreeing = lines.filter((line) => line === undefined || Number(/(\d+) min/.exec(line.description)?.[1]) !== line.quantity)

    expect(lines).toHaveLength(60)
    expect(disagreeing).toEqual([])
  })
})
