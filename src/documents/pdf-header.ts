/**
 * The top of the invoice: issuer and title on the first page, a one-line reminder on the following ones,
 * then the customer block beside the dates box.
 */
import { invoiceTotals, printedAmount } from './invoice.js'
import { countryName, printedDate, taxIdLabel } from './format.js'
import { ACCENT, BOLD, INK, MUTED, ZEBRA, band, line, paragraph, rule, type Sheet } from './pdf-sheet.js'

const TITLE_WIDTH = 190
const BOX_WIDTH = 230

/**
 * Issuer (name, tax id, address) on the left, "FACTURA" and the number on the right; returns the y below.
 * @example
 * let y = drawIssuerHeader(sheet)
 */
export function drawIssuerHeader ({ doc, invoice, left, right, width }: Sheet): number {
  const { issuer } = invoice
  const top = doc.page.margins.top
  const textWidth = width - TITLE_WIDTH - 10

  let y = paragraph(doc, issuer.name, left, top, textWidth, { font: BOLD, size: 13, color: ACCENT }) + 2
  y = line(doc, `${taxIdLabel(issuer.country)}: ${issuer.taxId}`, left, y, { size: 9 })
  y = paragraph(doc, issuer.address, left, y, textWidth, { size: 9, color: MUTED })
  y = line(doc, `${issuer.city}, ${countryName(issuer.country)}`, left, y, { size: 9, color: MUTED })

  let titleY = line(doc, 'FACTURA', right, top - 2, { font: BOLD, size: 22, color: ACCENT }, 'right')
  titleY = line(doc, `No. ${invoice.invoiceNumber}`, right, titleY + 2, { font: BOLD, size: 10.5 }, 'right')

  const below = Math.max(y, titleY) + 10
  rule(doc, left, right, below, ACCENT, 1.5)
  return below + 14
}

/**
 * The header of every page after the first: issuer on the left, invoice number on the right.
 * @example
 * doc.addPage(); let y = drawContinuationHeader(sheet)
 */
export function drawContinuationHeader ({ doc, invoice, left, right }: Sheet): number {
  const top = doc.page.margins.top
  const y = line(doc, invoice.issuer.name, left, top, { font: BOLD, size: 9, color: ACCENT })
  line(doc, `FACTURA No. ${invoice.invoiceNumber} (continuación)`, right, top, { font: BOLD, size: 9 }, 'right')
  rule(doc, left, right, y + 6, ACCENT, 1)
  return y + 18
}

/**
 * Customer (name, id line, tax id, address) on the left; issue date, period, due date, currency and the
 * amount due in a shaded box on the right. Returns the y below both.
 * @example
 * y = drawParties(sheet, y)
 */
export function drawParties ({ doc, invoice, left, right, width }: Sheet, top: number): number {
  const { customer } = invoice
  const textWidth = width - BOX_WIDTH - 20

  let y = line(doc, 'CLIENTE', left, top, { font: BOLD, size: 7.5, color: MUTED }) + 2
  y = paragraph(doc, customer.name, left, y, textWidth, { font: BOLD, size: 11 }) + 1
  y = line(doc, `${customer.idLabel}: ${customer.id}`, left, y, { size: 9 })
  y = line(doc, `${taxIdLabel(customer.country)}: ${customer.taxId}`, left, y, { size: 9 })
  y = paragraph(doc, customer.address, left, y, textWidth, { size: 9, color: MUTED })
  y = line(doc, `${customer.city}, ${countryName(customer.country)}`, left, y, { size: 9, color: MUTED })

  const boxLeft = right - BOX_WIDTH
  const rows: Array<[string, string]> = [
    ['Fecha de emisión', printedDate(invoice.issueDate)],
    ['Período facturado', `${printedDate(invoice.period.start)} al ${printedDate(invoice.period.end)}`],
    ['Fecha de vencimiento', printedDate(invoice.dueDate)],
    ['Moneda', invoice.currency]
  ]
  const rowHeight = 14
  const boxHeight = 8 + rows.length * rowHeight + 26
  band(doc, boxLeft, top, BOX_WIDTH, boxHeight, ZEBRA)
  let boxY = top + 6
  for (const [label, value] of rows) {
    line(doc, label, boxLeft + 8, boxY, { size: 8.5, color: MUTED })
    line(doc, value, right - 8, boxY, { font: BOLD, size: 8.5 }, 'right')
    boxY += rowHeight
  }
  rule(doc, boxLeft + 8, right - 8, boxY + 2, ACCENT)
  const due = printedAmount(invoiceTotals(invoice).total, invoice.currency)
  line(doc, 'Total a pagar', boxLeft + 8, boxY + 8, { font: BOLD, size: 9.5, color: ACCENT })
  line(doc, due, right - 8, boxY + 8, { font: BOLD, size: 9.5, color: INK }, 'right')

  return Math.max(y, top + boxHeight) + 18
}
