/**
 * Drawing primitives of the invoice PDF: the page geometry, the palette and single-line text cells placed
 * at explicit coordinates. Everything is positioned by hand (no pdfkit text flow), so pdfkit never adds a
 * page on its own and every page break is the renderer's decision.
 */
import { type InvoiceDocument } from './invoice.js'

/** pdfkit's built-in fonts (no files embedded) and the palette, e.g. `style(doc, { font: BOLD, color: ACCENT })`. */
export const FONT = 'Helvetica'
export const BOLD = 'Helvetica-Bold'
export const INK = '#1d232b'
export const MUTED = '#5b6573'
export const ACCENT = '#1f3a5f'
export const ZEBRA = '#f1f3f6'
export const RULE = '#c5ccd6'
/** A4 margins in points; the footer is drawn inside the bottom margin, e.g. `new PDFDocument({ margins: MARGINS })`. */
export const MARGINS = { top: 48, bottom: 64, left: 50, right: 50 }

/** One invoice being drawn: the document plus the page box every helper works in. */
export interface Sheet {
  doc: PDFKit.PDFDocument
  invoice: InvoiceDocument
  left: number
  right: number
  width: number
  /** Lowest y content may reach; the footer lives below it. */
  bottom: number
}

/**
 * The page box of `doc` (A4 with MARGINS).
 * @example
 * const sheet = createSheet(doc, invoice) // sheet.width === 495.28 on A4
 */
export function createSheet (doc: PDFKit.PDFDocument, invoice: InvoiceDocument): Sheet {
  const { width, height } = doc.page
  return {
    doc,
    invoice,
    left: MARGINS.left,
    right: width - MARGINS.right,
    width: width - MARGINS.left - MARGINS.right,
    bottom: height - MARGINS.bottom
  }
}

export interface TextStyle {
  font?: string
  size?: number
  color?: string
}

/**
 * Selects font, size and colour; returns the line height of that font at that size.
 * @example
 * const lineHeight = style(doc, { font: BOLD, size: 9 })
 */
export function style (doc: PDFKit.PDFDocument, { font = FONT, size = 9, color = INK }: TextStyle): number {
  doc.font(font).fontSize(size).fillColor(color)
  return doc.currentLineHeight(true)
}

/**
 * One line of text at (x, y), left-aligned, or right-aligned so that it ends at x when `align` is 'right'.
 * Returns the y below the line.
 * @example
 * y = line(doc, 'Subtotal', sheet.left, y, { size: 9 })
 * line(doc, 'HNL 1,234.56', sheet.right, y, { size: 9 }, 'right')
 */
export function line (doc: PDFKit.PDFDocument, text: string, x: number, y: number, textStyle: TextStyle = {}, align: 'left' | 'right' = 'left'): number {
  const lineHeight = style(doc, textStyle)
  const start = align === 'right' ? x - doc.widthOfString(text) : x
  doc.text(text, start, y, { lineBreak: false })
  return y + lineHeight
}

/**
 * Text wrapped to `width` from (x, y); returns the y below it. The caller makes sure it fits the page.
 * @example
 * y = paragraph(doc, invoice.issuer.name, sheet.left, y, 300, { font: BOLD, size: 13 })
 */
export function paragraph (doc: PDFKit.PDFDocument, text: string, x: number, y: number, width: number, textStyle: TextStyle = {}): number {
  style(doc, textStyle)
  const height = doc.heightOfString(text, { width })
  doc.text(text, x, y, { width })
  return y + height
}

/**
 * The height `paragraph` would take.
 * @example
 * paragraphHeight(doc, note, sheet.width, { size: 8 })
 */
export function paragraphHeight (doc: PDFKit.PDFDocument, text: string, width: number, textStyle: TextStyle = {}): number {
  style(doc, textStyle)
  return doc.heightOfString(text, { width })
}

/**
 * `text` cut with an ellipsis so that it fits `width` on one line in the current font.
 * @example
 * fitText(doc, 'Paquete de datos ilimitados con redes sociales incluidas', 120) // 'Paquete de datos ilimit…'
 */
export function fitText (doc: PDFKit.PDFDocument, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text
  let end = text.length
  while (end > 0 && doc.widthOfString(`${text.slice(0, end).trimEnd()}…`) > width) end--
  return `${text.slice(0, end).trimEnd()}…`
}

/**
 * A horizontal rule across [x1, x2] at y.
 * @example
 * rule(doc, sheet.left, sheet.right, y)
 */
export function rule (doc: PDFKit.PDFDocument, x1: number, x2: number, y: number, color = RULE, lineWidth = 0.75): void {
  doc.save().moveTo(x1, y).lineTo(x2, y).lineWidth(lineWidth).strokeColor(color).stroke().restore()
}

/**
 * A filled rectangle (row shading, header bands).
 * @example
 * band(doc, sheet.left, y, sheet.width, 18, ACCENT)
 */
export function band (doc: PDFKit.PDFDocument, x: number, y: number, width: number, height: number, color: string): void {
  doc.save().rect(x, y, width, height).fill(color).restore()
}
