/**
 * The invoice every document renderer draws from: the PDF, the UBL 2.1 XML and the ZIP entry names all
 * come from one InvoiceDocument, so their numbers cannot disagree. Amounts are integers in minor units
 * (centavos) so that subtotal + tax = total to the cent.
 */

export interface Party {
  name: string
  /** Tax identifier (RTN in Honduras, NIT in Bolivia…). */
  taxId: string
  address: string
  city: string
  /** ISO 3166-1 alpha-2, e.g. "HN". */
  country: string
}

export interface InvoiceLine {
  description: string
  quantity: number
  /** Unit price before tax, in minor units. */
  unitPrice: number
  /** Tax rate of the line, e.g. 0.15 for Honduras' ISV 15 %. */
  taxRate: number
}

export interface InvoiceDocument {
  issuer: Party
  customer: Party & {
    /** How the customer is identified on the invoice: "MSISDN" or "Customer ID". */
    idLabel: string
    id: string
  }
  invoiceNumber: string
  /** yyyy-mm-dd */
  issueDate: string
  dueDate: string
  period: { start: string, end: string }
  /** ISO 4217, e.g. "HNL". */
  currency: string
  /** The tax's name on the invoice, e.g. "ISV". */
  taxName: string
  lines: InvoiceLine[]
  /** "summary": one page of grouped charges; "detail": the full itemisation over as many pages as it takes. */
  variant: 'summary' | 'detail'
  /** Free lines printed under the totals (payment instructions, legal text). */
  notes: string[]
}

export interface InvoiceTotals {
  /** Sum of quantity × unit price, minor units. */
  subtotal: number
  tax: number
  total: number
}

/**
 * Subtotal, tax and total in minor units. Tax is computed per rate on the sum of that rate's lines and
 * rounded once, half away from zero, as an invoice-level tax (ISV, IVA) is; so grouping lines (summary)
 * or listing them (detail) never changes the totals.
 * @example
 * invoiceTotals({ lines: [{ description: 'Plan', quantity: 1, unitPrice: 10000, taxRate: 0.15 }] })
 * // { subtotal: 10000, tax: 1500, total: 11500 }
 */
export function invoiceTotals ({ lines }: Pick<InvoiceDocument, 'lines'>): InvoiceTotals {
  const taxableByRate = new Map<number, number>()
  for (const line of lines) {
    taxableByRate.set(line.taxRate, (taxableByRate.get(line.taxRate) ?? 0) + Math.round(line.quantity * line.unitPrice))
  }
  let subtotal = 0
  let tax = 0
  for (const [rate, taxable] of taxableByRate) {
    subtotal += taxable
    tax += Math.round(taxable * rate)
  }
  return { subtotal, tax, total: subtotal + tax }
}

/**
 * Minor units as a decimal string with two digits, e.g. 123456 → "1234.56" (what XML and JSON carry).
 * @example
 * decimalAmount(-5) // '-0.05'
 */
export function decimalAmount (minor: number): string {
  const sign = minor < 0 ? '-' : ''
  const abs = Math.abs(minor)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/**
 * Minor units as printed on the PDF: currency code, thousands separators, two decimals, e.g. "HNL 1,234.56".
 * @example
 * printedAmount(123456, 'HNL') // 'HNL 1,234.56'
 */
export function printedAmount (minor: number, currency: string): string {
  const [units = '0', cents = '00'] = decimalAmount(minor).split('.')
  return `${currency} ${units.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`
}
