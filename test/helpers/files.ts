/**
 * Opening the files the mock returns as a user's program would: PDF text (pdf-parse), ZIP entries
 * (yauzl, which checks each entry's CRC) and UBL XML (fast-xml-parser).
 */
import { buffer } from 'node:stream/consumers'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { PDFParse } from 'pdf-parse'
import { fromBufferPromise } from 'yauzl'

/**
 * The text of each page of a PDF.
 * @example
 * const pages = await pdfPages(buffer) // ['FACTURA …', …]
 */
export async function pdfPages (pdf: Buffer): Promise<string[]> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) })
  try {
    const { pages } = await parser.getText()
    return pages.map((page) => page.text)
  } finally {
    await parser.destroy()
  }
}

/**
 * The text of a whole PDF.
 * @example
 * expect(await pdfText(buffer)).toContain('000-001-01-00012345')
 */
export async function pdfText (pdf: Buffer): Promise<string> {
  return (await pdfPages(pdf)).join('\n')
}

/**
 * Every entry of a ZIP, in order, with its uncompressed bytes and its modification date (UTC).
 * @example
 * const [first] = await readZip(buffer) // { name: 'FAC-1.pdf', data: <Buffer 25 50 …>, date }
 */
export async function readZip (zip: Buffer): Promise<Array<{ name: string, data: Buffer, date: Date }>> {
  const archive = await fromBufferPromise(zip, { lazyEntries: true })
  const entries = []
  for await (const entry of archive.eachEntry()) {
    const data = await buffer(await archive.openReadStreamPromise(entry))
    entries.push({ name: entry.fileName, data, date: entry.getLastModDate({ timezone: 'UTC' }) })
  }
  return entries
}

/**
 * A ZIP's entries by name.
 * @example
 * (await zipEntries(buffer)).get('FAC-1.pdf')
 */
export async function zipEntries (zip: Buffer): Promise<Map<string, Buffer>> {
  return new Map((await readZip(zip)).map((entry) => [entry.name, entry.data]))
}

const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => ['cac:InvoiceLine', 'cac:TaxSubtotal', 'cbc:Note'].includes(name)
})

/**
 * The `Invoice` element of a UBL document, after checking the XML is well-formed; attributes under
 * `@_name`, text under `#text` where an element has attributes, repeatable elements as arrays.
 * @example
 * parseInvoice(buffer)['cac:LegalMonetaryTotal']['cbc:PayableAmount']['#text'] // '1739.95'
 */
export function parseInvoice (xml: Buffer | string): any {
  const text = xml.toString()
  const valid = XMLValidator.validate(text)
  if (valid !== true) throw new Error(`XML is not well-formed: ${valid.err.msg} (line ${valid.err.line})`)
  return parser.parse(text).Invoice
}
