import { describe, expect, it } from 'vitest'
import { decimalAmount, invoiceTotals, renderInvoiceUbl } from '../../src/documents/index.js'
import { parseInvoice } from '../helpers/files.js'
import { detailLines, sampleInvoice } from './sample-invoice.js'

interface Amount { '#text': string, '@_currencyID': string }

describe('renderInvoiceUbl', () => {
  it('answers UTF-8 XML with a declaration and the UBL 2.1 Invoice namespaces', () => {
    const xml = renderInvoiceUbl(sampleInvoice()).toString('utf8')

    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true)
    expect(xml).toContain('<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"')
    expect(xml).toContain('xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"')
    expect(xml).toContain('xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"')
    expect(xml).toContain('Telefónica Celular S.A. de C.V. (Tigo Honduras)')
  })

  it('carries the invoice header: version, number, dates, type 380, currency and period', () => {
    const invoice = parseInvoice(renderInvoiceUbl(sampleInvoice()))

    expect(invoice['cbc:UBLVersionID']).toBe('2.1')
    expect(invoice['cbc:ID']).toBe('000-001-01-00012345')
    expect(invoice['cbc:IssueDate']).toBe('2026-10-01')
    expect(invoice['cbc:DueDate']).toBe('2026-10-31')
    expect(invoice['cbc:InvoiceTypeCode']).toBe('380')
    expect(invoice['cbc:DocumentCurrencyCode']).toBe('HNL')
    expect(invoice['cac:InvoicePeriod']).toEqual({ 'cbc:StartDate': '2026-09-01', 'cbc:EndDate': '2026-09-30' })
    expect(invoice['cbc:Note']).toHaveLength(2)
  })

  it('identifies the customer by its MSISDN and both parties by their RTN', () => {
    const invoice = parseInvoice(renderInvoiceUbl(sampleInvoice()))
    const customer = invoice['cac:AccountingCustomerParty']['cac:Party']
    const supplier = invoice['cac:AccountingSupplierParty']['cac:Party']

    expect(customer['cac:PartyIdentification']['cbc:ID']).toEqual({ '#text': '50499990001', '@_schemeName': 'MSISDN' })
    expect(customer['cac:PartyName']['cbc:Name']).toBe('Comercializadora Morazán S. de R.L.')
    expect(customer['cac:PartyTaxScheme']['cbc:CompanyID']['#text']).toBe('08019012345678')
    expect(supplier['cac:PartyTaxScheme']['cbc:CompanyID']).toEqual({ '#text': '08019995264836', '@_schemeName': 'RTN' })
  })

  it('states totals equal to invoiceTotals, as decimalAmount with currencyID', () => {
    const source = sampleInvoice()
    const totals = invoiceTotals(source)

    const invoice = parseInvoice(renderInvoiceUbl(source))
    const monetary = invoice['cac:LegalMonetaryTotal']
    const amount = (value: number): Amount => ({ '#text': decimalAmount(value), '@_currencyID': 'HNL' })

    expect(monetary['cbc:PayableAmount']).toEqual(amount(totals.total))
    expect(monetary['cbc:TaxInclusiveAmount']).toEqual(amount(totals.total))
    expect(monetary['cbc:TaxExclusiveAmount']).toEqual(amount(totals.subtotal))
    expect(monetary['cbc:LineExtensionAmount']).toEqual(amount(totals.subtotal))
    expect(invoice['cac:TaxTotal']['cbc:TaxAmount']).toEqual(amount(totals.tax))
    expect(invoice['cac:TaxTotal']['cac:TaxSubtotal'][0]['cac:TaxCategory']['cbc:Percent']).toBe('15')
  })

  it('lists one InvoiceLine per line whose amounts add up to the subtotal', () => {
    const source = sampleInvoice({ variant: 'detail', lines: detailLines(30) })

    const lines: Array<Record<string, Amount>> = parseInvoice(renderInvoiceUbl(source))['cac:InvoiceLine']
    const cents = lines.reduce((sum, line) => sum + Math.round(Number(line['cbc:LineExtensionAmount']?.['#text']) * 100), 0)

    expect(lines).toHaveLength(30)
    expect(cents).toBe(invoiceTotals(source).subtotal)
  })

  it('omits Note without notes and gives zero-rated lines the tax category Z', () => {
    const source = sampleInvoice({ notes: [], lines: [{ description: 'Servicio exento', quantity: 1, unitPrice: 5000, taxRate: 0 }] })

    const invoice = parseInvoice(renderInvoiceUbl(source))
    const category = invoice['cac:InvoiceLine'][0]['cac:Item']['cac:ClassifiedTaxCategory']

    expect(invoice['cbc:Note']).toBeUndefined()
    expect(category['cbc:ID']).toBe('Z')
    expect(category['cbc:Percent']).toBe('0')
    expect(invoice['cac:TaxTotal']['cbc:TaxAmount']['#text']).toBe('0.00')
  })

  it('escapes markup characters in names so the XML stays well-formed', () => {
    const source = sampleInvoice()
    source.customer = { ...source.customer, name: 'Pérez & Hijos <Ventas> "Norte"' }

    const xml = renderInvoiceUbl(source)

    expect(xml.toString('utf8')).toContain('<cbc:Name>Pérez &amp; Hijos &lt;Ventas&gt; &quot;Norte&quot;</cbc:Name>')
    expect(parseInvoice(xml)['cac:AccountingCustomerParty']['cac:Party']['cac:PartyName']['cbc:Name']).toBe('Pérez & Hijos <Ventas> "Norte"')
  })

  it('renders the same invoice to identical bytes and another invoice number to other bytes', () => {
    const first = renderInvoiceUbl(sampleInvoice())

    const again = renderInvoiceUbl(sampleInvoice())
    const other = renderInvoiceUbl(sampleInvoice({ invoiceNumber: '000-001-01-00012346' }))

    expect(again.equals(first)).toBe(true)
    expect(other.equals(first)).toBe(false)
  })
})
