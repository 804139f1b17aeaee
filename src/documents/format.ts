/**
 * How invoice values are printed, shared by the PDF and the UBL XML so that both documents show the same
 * dates, rates and tax breakdown.
 */
import { type InvoiceDocument, type InvoiceLine, printedAmount } from './invoice.js'

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/**
 * Checks that `value` is a real yyyy-mm-dd date and returns it, or throws an error naming the invoice and field.
 * @example
 * isoDate('2026-10-01', 'issueDate', '000-001-01-00012345') // '2026-10-01'
 * isoDate('01/10/2026', 'issueDate', '000-001-01-00012345') // throws: issueDate "01/10/2026" is not a yyyy-mm-dd date…
 */
export function isoDate (value: string, field: string, invoiceNumber: string): string {
  const match = ISO_DATE.exec(value)
  const date = match === null ? undefined : new Date(`${value}T00:00:00Z`)
  if (date === undefined || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new Error(`Cannot render invoice ${invoiceNumber}: ${field} "${value}" is not a yyyy-mm-dd date. ` +
      'Pass a calendar date such as "2026-10-01".')
  }
  return value
}

/**
 * The instant every file of an invoice is stamped with: its issue date at 12:00 UTC, so renders are
 * byte-identical whatever the clock or time zone of the machine.
 * @example
 * pinnedDate({ issueDate: '2026-10-01', invoiceNumber: 'F-1' }).toISOString() // '2026-10-01T12:00:00.000Z'
 */
export function pinnedDate ({ issueDate, invoiceNumber }: Pick<InvoiceDocument, 'issueDate' | 'invoiceNumber'>): Date {
  return new Date(`${isoDate(issueDate, 'issueDate', invoiceNumber)}T12:00:00Z`)
}

/**
 * A yyyy-mm-dd date as printed on a Latin American invoice (dd/mm/yyyy).
 * @example
 * printedDate('2026-10-01') // '01/10/2026'
 */
export function printedDate (iso: string): string {
  const [year, month, day] = iso.split('-')
  return `${day ?? ''}/${month ?? ''}/${year ?? ''}`
}

/**
 * A tax rate as a percentage number without trailing zeros.
 * @example
 * ratePercent(0.15) // '15'
 * ratePercent(0.125) // '12.5'
 */
export function ratePercent (rate: number): string {
  return String(Math.round(rate * 10000) / 100)
}

/**
 * Minor units with thousands separators and no currency, for table cells.
 * @example
 * groupedAmount(123456) // '1,234.56'
 */
export function groupedAmount (minor: number): string {
  return printedAmount(minor, '').trimStart()
}

/**
 * A quantity as printed: integers as they are, fractions with up to three decimals.
 * @example
 * printedQuantity(1200) // '1,200'
 * printedQuantity(1.5) // '1.5'
 */
export function printedQuantity (quantity: number): string {
  const [units = '0', fraction] = String(Math.round(quantity * 1000) / 1000).split('.')
  const grouped = units.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return fraction === undefined ? grouped : `${grouped}.${fraction}`
}

/**
 * A line's amount before tax in minor units, rounded the way `invoiceTotals` rounds it.
 * @example
 * lineNet({ description: 'Minutos', quantity: 3, unitPrice: 150, taxRate: 0.15 }) // 450
 */
export function lineNet (line: InvoiceLine): number {
  return Math.round(line.quantity * line.unitPrice)
}

/**
 * A line's own tax in minor units (shown per UBL line; the invoice's tax is rounded per rate, see taxBreakdown).
 * @example
 * lineTax({ description: 'Plan', quantity: 1, unitPrice: 10000, taxRate: 0.15 }) // 1500
 */
export function lineTax (line: InvoiceLine): number {
  return Math.round(lineNet(line) * line.taxRate)
}

export interface TaxGroup {
  rate: number
  /** Sum of the nets of the lines taxed at `rate`, minor units. */
  taxable: number
  /** Tax on `taxable`, rounded once per rate, so the groups add up to `invoiceTotals().tax`. */
  tax: number
}

/**
 * The tax per rate, in the order the rates first appear in the lines.
 * @example
 * taxBreakdown([{ description: 'Plan', quantity: 1, unitPrice: 10000, taxRate: 0.15 }])
 * // [{ rate: 0.15, taxable: 10000, tax: 1500 }]
 */
export function taxBreakdown (lines: InvoiceLine[]): TaxGroup[] {
  const groups = new Map<number, TaxGroup>()
  for (const line of lines) {
    const group = groups.get(line.taxRate) ?? { rate: line.taxRate, taxable: 0, tax: 0 }
    group.taxable += lineNet(line)
    groups.set(line.taxRate, group)
  }
  for (const group of groups.values()) group.tax = Math.round(group.taxable * group.rate)
  return [...groups.values()]
}

const TAX_ID_LABELS: Record<string, string> = { HN: 'RTN', BO: 'NIT', GT: 'NIT', SV: 'NIT', CO: 'NIT', PY: 'RUC', PA: 'RUC', MX: 'RFC' }
const COUNTRY_NAMES: Record<string, string> = {
  HN: 'Honduras', BO: 'Bolivia', GT: 'Guatemala', SV: 'El Salvador', CO: 'Colombia', PY: 'Paraguay', PA: 'Panamá', MX: 'México'
}

/**
 * What a country calls its tax identifier on an invoice ("Id. fiscal" where we do not know).
 * @example
 * taxIdLabel('HN') // 'RTN'
 */
export function taxIdLabel (country: string): string {
  return TAX_ID_LABELS[country] ?? 'Id. fiscal'
}

/**
 * A country's printed name (the ISO code where we do not know it).
 * @example
 * countryName('HN') // 'Honduras'
 */
export function countryName (country: string): string {
  return COUNTRY_NAMES[country] ?? country
}
