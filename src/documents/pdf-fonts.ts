/**
 * pdfkit parses a standard font's metrics (AFM: glyph widths, thousands of kerning pairs) again for every
 * document that uses it, which was a sixth of the time of a summary invoice. The metrics never change, so
 * each document here gets its own font objects (pdfkit embeds them per document, under per-document ids)
 * that share one parsed copy of the metrics, and one memo of string widths.
 *
 * This leans on pdfkit's internals (`_fontFamilies`, `_fontCount`, the StandardFont fields), so the package
 * pins pdfkit; `sharesMetrics` checks the shape it relies on and otherwise leaves pdfkit to do it its way.
 * Ids and order are pdfkit's own, so the bytes are identical either way (test/documents checks them).
 */
import type PDFDocument from 'pdfkit'

/** pdfkit's PDFDocument class, as its default export gives it. */
export type PdfDocumentClass = typeof PDFDocument

type Doc = PDFKit.PDFDocument & { _fontFamilies?: Record<string, unknown>, _fontCount?: number }
interface StandardFont { name: string, font: object, widthOfString: (text: string, size: number) => number, [field: string]: unknown }

/** pdfkit's 14 standard fonts, whose metrics ship with it. */
const STANDARD = new Set(['Courier', 'Courier-Bold', 'Courier-Oblique', 'Courier-BoldOblique', 'Helvetica', 'Helvetica-Bold', 'Helvetica-Oblique',
  'Helvetica-BoldOblique', 'Times-Roman', 'Times-Bold', 'Times-Italic', 'Times-BoldItalic', 'Symbol', 'ZapfDingbats'])
/** What belongs to one document and is never shared. */
const PER_DOCUMENT = new Set(['document', 'id', 'dictionary', 'embedded'])
const WIDTH_MEMO_SIZE = 5000

/**
 * pdfkit's PDFDocument class whose standard fonts share their parsed metrics across documents.
 * @example
 * const PDFDocument = withSharedFonts((await import('pdfkit')).default)
 * const doc = new PDFDocument({ size: 'A4' })
 */
export function withSharedFonts (Base: PdfDocumentClass): PdfDocumentClass {
  const templates = new Map<string, StandardFont>()
  const template = (name: string): StandardFont => {
    let font = templates.get(name)
    if (font === undefined) {
      font = (new Base({ font: name }) as unknown as { _font: StandardFont })._font
      const measure = font.widthOfString.bind(font)
      // Widths scale with the size: remember them at size 1000, per string.
      const widths = new Map<string, number>()
      font.widthOfString = (text: string, size: number): number => {
        let width = widths.get(text)
        if (width === undefined) {
          width = measure(text, 1000)
          if (widths.size >= WIDTH_MEMO_SIZE) widths.clear()
          widths.set(text, width)
        }
        // pdfkit's own arithmetic, so positions come out the same to the last bit.
        return width * (size / 1000)
      }
      templates.set(name, font)
    }
    return font
  }

  return class SharedFontsDocument extends (Base as unknown as new (options?: PDFKit.PDFDocumentOptions) => PDFKit.PDFDocument) {
    override font (src: string | Buffer | ArrayBuffer, family?: string | number, size?: number): this {
      const doc = this as unknown as Doc
      if (typeof src === 'string' && STANDARD.has(src) && sharesMetrics(doc) && doc._fontFamilies?.[src] === undefined) {
        const shared = template(src)
        const font: Record<string, unknown> = Object.create(Object.getPrototypeOf(shared) as object) as Record<string, unknown>
        for (const [field, value] of Object.entries(shared)) if (!PER_DOCUMENT.has(field)) font[field] = value
        font.document = doc
        font.id = `F${++(doc._fontCount as number)}`
        ;(doc._fontFamilies as Record<string, unknown>)[src] = font
      }
      return super.font(src as string, family as string, size as number)
    }
  } as unknown as PdfDocumentClass
}

function sharesMetrics (doc: Doc): boolean {
  return typeof doc._fontFamilies === 'object' && doc._fontFamilies !== null && typeof doc._fontCount === 'number'
}
