/**
 * Opening the files the mock returns as a user's program would: PDF text (pdf-parse), ZIP entries
 * (yauzl) and XML (fast-xml-parser).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { PDFParse } from 'pdf-parse'
import yauzl from 'yauzl'

/**
 * The text of every page of a PDF, and the page count.
 * @example
 * const { text, pages } = await pdfText(buffer)
 */
export async function pdfText (pdf: Buffer): Promise<{ text: string, pages: number }> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) })
  try {
    const result = await parser.getText()
    return { text: result.text, pages: result.total }
  } finally {
    await parser.destroy()
  }
}

/**
 * Every entry of a ZIP, by name, with its uncompressed bytes (yauzl checks each entry's CRC).
 * @example
 * const entries = await zipEntries(buffer) // Map { 'FAC-1.pdf' => <Buffer 25 50 44 46 …> }
 */
export async function zipEntries (zip: Buffer): Promise<Map<string, Buffer>> {
  const archive = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, file) => { if (err !== null) reject(err); else resolve(file) })
  })
  const entries = new Map<string, Buffer>()
  await new Promise<void>((resolve, reject) => {
    archive.on('error', reject)
    archive.on('end', () => { resolve() })
    archive.on('entry', (entry: yauzl.Entry) => {
      archive.openReadStream(entry, (err, stream) => {
        if (err !== null) { reject(err); return }
        const chunks: Buffer[] = []
        stream.on('data', (chunk: Buffer) => chunks.push(chunk))
        stream.on('error', reject)
        stream.on('end', () => {
          entries.set(entry.fileName, Buffer.concat(chunks))
          archive.readEntry()
        })
      })
    })
    archive.readEntry()
  })
  return entries
}

/**
 * Parses XML after checking it is well-formed; attributes under `@_name`, namespaces prefixes kept.
 * @example
 * const ubl = parseXml(buffer).Invoice
 */
export function parseXml (xml: Buffer | string): Record<string, any> {
  const text = xml.toString()
  const valid = XMLValidator.validate(text)
  if (valid !== true) throw new Error(`XML is not well-formed: ${valid.err.msg} (line ${valid.err.line})`)
  return new XMLParser({ ignoreAttributes: false, parseTagValue: false }).parse(text) as Record<string, any>
}
