/**
 * Several files as one ZIP (invoice-files answers a ZIP when a request yields more than one file).
 * Entry dates are pinned (each file's own, e.g. its invoice's issue date), stored as UTC DOS times (archiver's default, `forceLocalTime: false`), and
 * modes fixed, so the archive is byte-identical across runs, machines and time zones.
 */
import { buffer } from 'node:stream/consumers'

export interface ZipEntry {
  /** Path inside the archive, e.g. "000-001-01-00012345.pdf". Unique within one archive. */
  name: string
  data: Buffer
  /** The entry's time: its invoice's issue date, say. Default: the date given to zipFiles. */
  date?: Date
}

/**
 * Zips `files` in the given order, each entry dated with its own `date`, or else `date`. Throws when two
 * entries share a name or a date is invalid.
 * @example
 * const zip = await zipFiles([{ name: 'F-1.pdf', data: pdf }, { name: 'F-1.xml', data: xml }], new Date('2026-10-01T12:00:00Z'))
 */
export async function zipFiles (files: ZipEntry[], date: Date): Promise<Buffer> {
  checkEntries(files, date)
  // Loaded on the first ZIP, as pdfkit is on the first PDF: start-up stays short.
  const { ZipArchive } = await import('archiver')
  const archive = new ZipArchive({ zlib: { level: 6 } })
  const bytes = buffer(archive)
  for (const entry of files) archive.append(entry.data, { name: entry.name, date: entry.date ?? date, mode: 0o644 })
  const [zip] = await Promise.all([bytes, archive.finalize()])
  return zip
}

function checkEntries (files: ZipEntry[], date: Date): void {
  if ([date, ...files.map((file) => file.date ?? date)].some((when) => Number.isNaN(when.getTime()))) {
    throw new Error('Cannot zip files: the entry date is an invalid Date. Pass the invoice\'s pinned date, e.g. new Date(\'2026-10-01T12:00:00Z\').')
  }
  const seen = new Set<string>()
  for (const { name } of files) {
    if (name === '') throw new Error('Cannot zip files: an entry has an empty name. Give every file a name such as "<invoiceNumber>.pdf".')
    if (seen.has(name)) {
      throw new Error(`Cannot zip files: the entry name "${name}" appears more than once. ` +
        'Entry names must be unique; add the invoice number or an index to tell the files apart.')
    }
    seen.add(name)
  }
}
