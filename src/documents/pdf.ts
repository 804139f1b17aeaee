/**
 * The invoice as a PDF a person would take for the real thing, drawn with pdfkit's built-in Helvetica
 * (WinAnsi covers Spanish accents, so no font files are embedded).
 *
 * Determinism: pdfkit stamps `CreationDate` with the clock unless told otherwise, and derives the trailer's
 * file /ID from an MD5 of the info dictionary (pdfkit 0.20 `PDFSecurity.generateFileID(info)`; random bytes
 * are used only for encryption, which we do not use). Pinning `CreationDate`/`ModDate` to the issue date and
 * putting the invoice number into `Title`/`Subject` therefore makes the whole file, /ID included, a pure
 * function of the InvoiceDocument, and gives each invoice its own /ID.
 */
import { type InvoiceDocument } from './invoice.js'
import { isoDate, pinnedDate, printedDate } from './format.js'
import { drawContinuationHeader, drawIssuerHeader, drawParties } from './pdf-header.js'
import { MARGINS, createSheet, type Sheet } from './pdf-sheet.js'
import { TABLE_HEADER_HEIGHT, drawRow, drawTableHeader, rowHeight, singleRowHeight } from './pdf-table.js'
import { drawFooters, drawNotes, drawTotals, notesHeight, totalsHeight } from './pdf-totals.js'
import { summaryLines } from './summary-lines.js'
import { withSharedFonts, type PdfDocumentClass } from './pdf-fonts.js'

const GAP_BEFORE_TOTALS = 10

let loaded: Promise<PdfDocumentClass> | undefined
/** Loaded on the first render: pdfkit costs a fifth of a second at start-up, and most runs render late or never. */
async function pdfkit (): Promise<PdfDocumentClass> {
  loaded ??= import('pdfkit').then(({ default: PDFDocument }) => withSharedFonts(PDFDocument))
  return await loaded
}

/**
 * Renders an invoice to PDF bytes. The same InvoiceDocument gives byte-identical output in any process.
 * `variant: 'detail'` spreads the lines over as many pages as it takes, repeating the table header;
 * `'summary'` is always one page: lines beyond what the page holds are folded into one
 * "Otros cargos (ver detalle)" line per tax rate (with two one-line notes and one-line
 * names, 22 lines print as given; 25 without notes).
 * @example
 * const pdf = await renderInvoicePdf(invoice)
 * reply.type('application/pdf').send(pdf)
 */
export async function renderInvoicePdf (invoice: InvoiceDocument): Promise<Buffer> {
  validateDates(invoice)
  const pinned = pinnedDate(invoice)
  const PDFDocument = await pdfkit()
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    bufferPages: true,
    lang: 'es',
    displayTitle: true,
    info: {
      Title: `Factura ${invoice.invoiceNumber}`,
      Subject: `Factura ${invoice.invoiceNumber} de ${invoice.issuer.name} a ${invoice.customer.name}, ` +
        `período ${printedDate(invoice.period.start)} al ${printedDate(invoice.period.end)}`,
      Author: invoice.issuer.name,
      Creator: 'billing-mocks',
      Producer: 'billing-mocks',
      CreationDate: pinned,
      ModDate: pinned
    }
  })
  const bytes = collect(doc)

  const sheet = createSheet(doc, invoice)
  drawInvoice(sheet)
  drawFooters(sheet)
  doc.end()

  return await bytes
}

function drawInvoice (sheet: Sheet): void {
  const { doc, invoice } = sheet
  const newPage = (): number => {
    doc.addPage()
    return drawContinuationHeader(sheet)
  }

  let y = drawParties(sheet, drawIssuerHeader(sheet))
  const wrap = invoice.variant === 'detail'
  const lines = wrap ? invoice.lines : summaryLines(invoice.lines, summaryCapacity(sheet, y))

  y = drawTableHeader(sheet, y)
  lines.forEach((line, index) => {
    const height = wrap ? rowHeight(sheet, line) : singleRowHeight(sheet)
    if (y + height > sheet.bottom) y = drawTableHeader(sheet, newPage())
    y = drawRow(sheet, y, line, index, height)
  })

  y += GAP_BEFORE_TOTALS
  if (y + totalsHeight(sheet) > sheet.bottom) y = newPage()
  y = drawTotals(sheet, y)
  drawNotes(sheet, y, newPage)
}

/** How many single-line rows fit between the table header at `top` and the totals and notes. */
function summaryCapacity (sheet: Sheet, top: number): number {
  const room = sheet.bottom - top - TABLE_HEADER_HEIGHT - GAP_BEFORE_TOTALS - totalsHeight(sheet) - notesHeight(sheet) - 10
  return Math.max(0, Math.floor(room / singleRowHeight(sheet)))
}

function validateDates (invoice: InvoiceDocument): void {
  isoDate(invoice.dueDate, 'dueDate', invoice.invoiceNumber)
  isoDate(invoice.period.start, 'period.start', invoice.invoiceNumber)
  isoDate(invoice.period.end, 'period.end', invoice.invoiceNumber)
}

function collect (doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = []
    doc.on('data', (chunk: Uint8Array) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
}
