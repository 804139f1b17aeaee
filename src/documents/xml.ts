/**
 * The invoice as a UBL 2.1 Invoice (OASIS, urn:oasis:names:specification:ubl:schema:xsd:Invoice-2), the
 * XML most Latin American e-invoicing schemes build on. Elements follow the sequence of the UBL 2.1
 * InvoiceType schema (order matters to validators), and the amounts are the ones `invoiceTotals` computes,
 * so the XML and the PDF of one invoice always agree.
 */
import { createRequire } from 'node:module'
import type { XMLBuilder } from 'fast-xml-parser'
import { type InvoiceDocument, type InvoiceLine, type Party, decimalAmount, invoiceTotals } from './invoice.js'
import { isoDate, lineNet, lineTax, printedQuantity, ratePercent, taxBreakdown, taxIdLabel } from './format.js'

const NAMESPACES = {
  '@_xmlns': 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  '@_xmlns:cac': 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  '@_xmlns:cbc': 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2'
}
/** UNCL 1001: 380 = commercial invoice. */
const COMMERCIAL_INVOICE = '380'
/** UN/ECE Recommendation 20: C62 = "one" (a unit without a dimension). */
const UNIT_CODE = 'C62'

let builder: XMLBuilder | undefined
/** Made on the first render: fast-xml-parser is a twentieth of a second of start-up that most runs never use. */
function xmlBuilder (): XMLBuilder {
  if (builder === undefined) {
    const { XMLBuilder: Builder } = createRequire(import.meta.url)('fast-xml-parser') as { XMLBuilder: typeof XMLBuilder }
    builder = new Builder({ ignoreAttributes: false, format: true, indentBy: '  ', suppressEmptyNode: true })
  }
  return builder
}

/**
 * Renders an invoice as UBL 2.1 XML, UTF-8 with an XML declaration; the same InvoiceDocument gives the
 * same bytes. Amounts carry `currencyID` and two decimals (`decimalAmount`).
 * @example
 * const xml = renderInvoiceUbl(invoice)
 * reply.type('application/xml').send(xml)
 */
export function renderInvoiceUbl (invoice: InvoiceDocument): Buffer {
  const { invoiceNumber, currency } = invoice
  const totals = invoiceTotals(invoice)
  const amount = (minor: number): { '@_currencyID': string, '#text': string } =>
    ({ '@_currencyID': currency, '#text': decimalAmount(minor) })

  const ubl = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    Invoice: {
      ...NAMESPACES,
      'cbc:UBLVersionID': '2.1',
      'cbc:ID': invoiceNumber,
      'cbc:IssueDate': isoDate(invoice.issueDate, 'issueDate', invoiceNumber),
      'cbc:DueDate': isoDate(invoice.dueDate, 'dueDate', invoiceNumber),
      'cbc:InvoiceTypeCode': COMMERCIAL_INVOICE,
      'cbc:Note': invoice.notes,
      'cbc:DocumentCurrencyCode': currency,
      'cbc:LineCountNumeric': String(invoice.lines.length),
      'cac:InvoicePeriod': {
        'cbc:StartDate': isoDate(invoice.period.start, 'period.start', invoiceNumber),
        'cbc:EndDate': isoDate(invoice.period.end, 'period.end', invoiceNumber)
      },
      'cac:AccountingSupplierParty': { 'cac:Party': party(invoice.issuer, invoice.taxName) },
      'cac:AccountingCustomerParty': {
        'cac:Party': party(invoice.customer, invoice.taxName, { scheme: invoice.customer.idLabel, id: invoice.customer.id })
      },
      'cac:TaxTotal': {
        'cbc:TaxAmount': amount(totals.tax),
        'cac:TaxSubtotal': taxBreakdown(invoice.lines).map((group) => ({
          'cbc:TaxableAmount': amount(group.taxable),
          'cbc:TaxAmount': amount(group.tax),
          'cac:TaxCategory': taxCategory(group.rate, invoice.taxName)
        }))
      },
      'cac:LegalMonetaryTotal': {
        'cbc:LineExtensionAmount': amount(totals.subtotal),
        'cbc:TaxExclusiveAmount': amount(totals.subtotal),
        'cbc:TaxInclusiveAmount': amount(totals.total),
        'cbc:PayableAmount': amount(totals.total)
      },
      'cac:InvoiceLine': invoice.lines.map((line, index) => invoiceLine(line, index, invoice.taxName, amount))
    }
  }
  return Buffer.from(xmlBuilder().build(ubl) as string, 'utf8')
}

function party (p: Party, taxName: string, identification?: { scheme: string, id: string }): Record<string, unknown> {
  return {
    ...(identification === undefined
      ? {}
      : { 'cac:PartyIdentification': { 'cbc:ID': { '@_schemeName': identification.scheme, '#text': identification.id } } }),
    'cac:PartyName': { 'cbc:Name': p.name },
    'cac:PostalAddress': {
      'cbc:StreetName': p.address,
      'cbc:CityName': p.city,
      'cac:Country': { 'cbc:IdentificationCode': p.country }
    },
    'cac:PartyTaxScheme': {
      'cbc:CompanyID': { '@_schemeName': taxIdLabel(p.country), '#text': p.taxId },
      'cac:TaxScheme': { 'cbc:ID': taxName }
    },
    'cac:PartyLegalEntity': { 'cbc:RegistrationName': p.name }
  }
}

/** UNCL 5305: S = standard rate, Z = zero rated. */
function taxCategory (rate: number, taxName: string): Record<string, unknown> {
  return {
    'cbc:ID': rate > 0 ? 'S' : 'Z',
    'cbc:Percent': ratePercent(rate),
    'cac:TaxScheme': { 'cbc:ID': taxName }
  }
}

function invoiceLine (
  line: InvoiceLine,
  index: number,
  taxName: string,
  amount: (minor: number) => Record<string, string>
): Record<string, unknown> {
  return {
    'cbc:ID': String(index + 1),
    'cbc:InvoicedQuantity': { '@_unitCode': UNIT_CODE, '#text': printedQuantity(line.quantity).replaceAll(',', '') },
    'cbc:LineExtensionAmount': amount(lineNet(line)),
    'cac:TaxTotal': { 'cbc:TaxAmount': amount(lineTax(line)) },
    'cac:Item': {
      'cbc:Name': line.description,
      'cac:ClassifiedTaxCategory': taxCategory(line.taxRate, taxName)
    },
    'cac:Price': { 'cbc:PriceAmount': amount(line.unitPrice) }
  }
}
