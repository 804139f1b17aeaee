/**
 * The line-items table: description, quantity, unit price, tax rate and line amount (before tax).
 * Detail invoices wrap long descriptions; summary invoices keep every row to one line so that the number
 * of rows a page holds is known in advance.
 */
import { type InvoiceDocument, type InvoiceLine } from './invoice.js'
import { groupedAmount, lineNet, printedQuantity, ratePercent } from './format.js'
import { ACCENT, BOLD, FONT, ZEBRA, band, fitText, line, paragraph, paragraphHeight, style, type Sheet } from './pdf-sheet.js'

const PAD_X = 5
const PAD_Y = 4
const SIZE = 8.5
const HEADER_HEIGHT = 18
/** Widths of the numeric columns; the description takes the rest of the page width. */
const NUMERIC_WIDTHS = { quantity: 46, unitPrice: 74, taxRate: 42, amount: 88 }

interface Column {
  header: string
  x: number
  width: number
}

function columns ({ left, width }: Sheet, invoice: InvoiceDocument): Column[] {
  const { quantity, unitPrice, taxRate, amount } = NUMERIC_WIDTHS
  const description = width - quantity - unitPrice - taxRate - amount
  const headers: Array<[string, number]> = [
    ['Descripción', description],
    ['Cant.', quantity],
    ['Precio unit.', unitPrice],
    [invoice.taxName, taxRate],
    [`Importe (${invoice.currency})`, amount]
  ]
  let x = left
  return headers.map(([header, w]) => {
    const column = { header, x, width: w }
    x += w
    return column
  })
}

function descriptionWidth (sheet: Sheet): number {
  return (columns(sheet, sheet.invoice)[0]?.width ?? 0) - 2 * PAD_X
}

/**
 * The table's header band; returns the y of the first row.
 * @example
 * y = drawTableHeader(sheet, y)
 */
export function drawTableHeader (sheet: Sheet, top: number): number {
  const { doc, left, width } = sheet
  band(doc, left, top, width, HEADER_HEIGHT, ACCENT)
  const textY = top + (HEADER_HEIGHT - style(doc, { font: BOLD, size: SIZE })) / 2 + 1
  columns(sheet, sheet.invoice).forEach(({ header, x, width: w }, index) => {
    const textStyle = { font: BOLD, size: SIZE, color: '#ffffff' }
    if (index === 0) line(doc, header, x + PAD_X, textY, textStyle)
    else line(doc, header, x + w - PAD_X, textY, textStyle, 'right')
  })
  return top + HEADER_HEIGHT
}

/**
 * Height of the header band plus nothing else (for page-fit arithmetic).
 * @example
 * const rowsTop = y + TABLE_HEADER_HEIGHT
 */
export const TABLE_HEADER_HEIGHT = HEADER_HEIGHT

/**
 * Height of one single-line row (summary invoices).
 * @example
 * const capacity = Math.floor(room / singleRowHeight(sheet))
 */
export function singleRowHeight ({ doc }: Sheet): number {
  return style(doc, { font: FONT, size: SIZE }) + 2 * PAD_Y
}

/**
 * Height of a detail row: one line when the description fits the column, more when it wraps.
 * @example
 * if (y + rowHeight(sheet, invoiceLine) > sheet.bottom) newPage()
 */
export function rowHeight (sheet: Sheet, invoiceLine: InvoiceLine): number {
  const { doc } = sheet
  const width = descriptionWidth(sheet)
  style(doc, { size: SIZE })
  // Measuring one line is far cheaper than running pdfkit's line wrapper, and most descriptions fit.
  if (doc.widthOfString(invoiceLine.description) <= width) return singleRowHeight(sheet)
  return paragraphHeight(doc, invoiceLine.description, width, { size: SIZE }) + 2 * PAD_Y
}

/**
 * One row of `height` (from `rowHeight` for detail invoices, `singleRowHeight` for summaries). A taller row
 * wraps its description; a single-line row cuts it with an ellipsis if needed. Returns the y below the row.
 * @example
 * const height = rowHeight(sheet, invoiceLine)
 * y = drawRow(sheet, y, invoiceLine, index, height)
 */
export function drawRow (sheet: Sheet, top: number, invoiceLine: InvoiceLine, index: number, height: number): number {
  const { doc, left, width } = sheet
  if (index % 2 === 1) band(doc, left, top, width, height, ZEBRA)

  const [description, ...numeric] = columns(sheet, sheet.invoice)
  const textY = top + PAD_Y
  if (description !== undefined) {
    const textWidth = descriptionWidth(sheet)
    if (height > singleRowHeight(sheet)) paragraph(doc, invoiceLine.description, description.x + PAD_X, textY, textWidth, { size: SIZE })
    else {
      style(doc, { size: SIZE })
      line(doc, fitText(doc, invoiceLine.description, textWidth), description.x + PAD_X, textY, { size: SIZE })
    }
  }
  const cells = [
    printedQuantity(invoiceLine.quantity),
    groupedAmount(invoiceLine.unitPrice),
    `${ratePercent(invoiceLine.taxRate)} %`,
    groupedAmount(lineNet(invoiceLine))
  ]
  numeric.forEach(({ x, width: w }, i) => line(doc, cells[i] ?? '', x + w - PAD_X, textY, { size: SIZE }, 'right'))
  return top + height
}
