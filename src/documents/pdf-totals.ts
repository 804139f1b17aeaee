/**
 * The bottom of the invoice: subtotal, one tax row per rate, total, the notes, and the footer with
 * "Página N de M" that is written on every page once the page count is known.
 */
import { invoiceTotals, printedAmount } from './invoice.js'
import { printedDate, ratePercent, taxBreakdown, taxIdLabel } from './format.js'
import { ACCENT, BOLD, MUTED, fitText, line, paragraph, paragraphHeight, rule, style, type Sheet } from './pdf-sheet.js'

const TOTALS_WIDTH = 250
const TOTALS_ROW = 15
const NOTE_SIZE = 8
const NOTE_GAP = 3

/**
 * Height `drawTotals` takes.
 * @example
 * if (y + totalsHeight(sheet) > sheet.bottom) newPage()
 */
export function totalsHeight ({ invoice }: Sheet): number {
  return (taxBreakdown(invoice.lines).length + 2) * TOTALS_ROW + 8
}

/**
 * Subtotal, "ISV 15 %" (one row per rate) and the total, right-aligned under the table; returns the y below.
 * @example
 * y = drawTotals(sheet, y + 10)
 */
export function drawTotals (sheet: Sheet, top: number): number {
  const { doc, invoice, right } = sheet
  const { currency } = invoice
  const totals = invoiceTotals(invoice)
  const labelX = right - TOTALS_WIDTH + 5
  const amountX = right - 5

  let y = top
  const row = (label: string, amount: number, bold = false): void => {
    const textStyle = bold ? { font: BOLD, size: 10.5 } : { size: 9 }
    line(doc, label, labelX, y, textStyle)
    line(doc, printedAmount(amount, currency), amountX, y, textStyle, 'right')
    y += TOTALS_ROW
  }
  row('Subtotal', totals.subtotal)
  for (const group of taxBreakdown(invoice.lines)) row(`${invoice.taxName} ${ratePercent(group.rate)} %`, group.tax)
  rule(doc, right - TOTALS_WIDTH, right, y - 2, ACCENT, 1)
  y += 4
  row('Total', totals.total, true)
  return y
}

/**
 * Height of the notes block ("Observaciones" and the notes), 0 without notes.
 * @example
 * const room = sheet.bottom - y - notesHeight(sheet)
 */
export function notesHeight (sheet: Sheet): number {
  const { invoice } = sheet
  if (invoice.notes.length === 0) return 0
  return noteHeadingHeight(sheet) + invoice.notes.reduce((sum, note) => sum + noteHeight(sheet, note), 0)
}

function noteHeadingHeight ({ doc }: Sheet): number {
  return paragraphHeight(doc, 'Observaciones', 100, { font: BOLD, size: 8.5 }) + 4 + 10
}

function noteHeight ({ doc, width }: Sheet, note: string): number {
  return paragraphHeight(doc, note, width, { size: NOTE_SIZE }) + NOTE_GAP
}

/**
 * The notes under the totals; `newPage` is called (and returns the new top) when a note would cross the
 * bottom margin. Returns the y below the last note.
 * @example
 * y = drawNotes(sheet, y, () => { doc.addPage(); return drawContinuationHeader(sheet) })
 */
export function drawNotes (sheet: Sheet, top: number, newPage: () => number): number {
  const { doc, invoice, left, right, width, bottom } = sheet
  if (invoice.notes.length === 0) return top

  let y = top + 10
  const firstNote = invoice.notes[0] ?? ''
  if (y + noteHeadingHeight(sheet) + noteHeight(sheet, firstNote) > bottom) y = newPage()
  rule(doc, left, right, y - 4)
  y = paragraph(doc, 'Observaciones', left, y, width, { font: BOLD, size: 8.5, color: ACCENT }) + 4
  for (const note of invoice.notes) {
    if (y + noteHeight(sheet, note) > bottom) y = newPage()
    y = paragraph(doc, note, left, y, width, { size: NOTE_SIZE, color: MUTED }) + NOTE_GAP
  }
  return y
}

/**
 * Writes the footer of every buffered page: issuer, invoice number and due date on the left,
 * "Página N de M" on the right. Call it once, after the last page exists and before `doc.end()`.
 * @example
 * drawFooters(sheet); doc.end()
 */
export function drawFooters ({ doc, invoice, left, right }: Sheet): void {
  const { start, count } = doc.bufferedPageRange()
  const { issuer } = invoice
  const text = `${issuer.name} · ${taxIdLabel(issuer.country)}: ${issuer.taxId} · Factura ${invoice.invoiceNumber} · Vence ${printedDate(invoice.dueDate)}`
  for (let index = start; index < start + count; index++) {
    doc.switchToPage(index)
    const y = doc.page.height - doc.page.margins.bottom + 22
    // Text below the bottom margin makes pdfkit open a new page; lift the margin while writing the footer.
    const margin = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    rule(doc, left, right, y - 6)
    const pageText = `Página ${index - start + 1} de ${count}`
    style(doc, { font: BOLD, size: 7.5 })
    const pageWidth = doc.widthOfString(pageText)
    style(doc, { size: 7 })
    line(doc, fitText(doc, text, right - left - pageWidth - 16), left, y, { size: 7, color: MUTED })
    line(doc, pageText, right, y, { font: BOLD, size: 7.5 }, 'right')
    doc.page.margins.bottom = margin
  }
}
