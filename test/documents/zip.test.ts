import { describe, expect, it } from 'vitest'
import { zipFiles } from '../../src/documents/index.js'
import { readZip } from '../helpers/files.js'

const date = new Date('2026-10-01T12:00:00Z')
const files = [
  { name: '000-001-01-00012345.pdf', data: Buffer.from('%PDF-1.3 first invoice') },
  { name: '000-001-01-00012345.xml', data: Buffer.from('<?xml version="1.0"?><Invoice/>') },
  { name: 'detalle/000-001-01-00012346.pdf', data: Buffer.alloc(50_000, 7) }
]

describe('zipFiles', () => {
  it('answers a ZIP file', async () => {
    const zip = await zipFiles(files, date)

    expect(zip.subarray(0, 2).toString('latin1')).toBe('PK')
  })

  it('holds exactly the given names, in order, each with its bytes and the pinned date', async () => {
    const zip = await zipFiles(files, date)

    const entries = await readZip(zip)

    expect(entries.map((entry) => entry.name)).toEqual(files.map((file) => file.name))
    entries.forEach((entry, index) => {
      expect(entry.data.equals(files[index]?.data ?? Buffer.alloc(0))).toBe(true)
      expect(entry.date.toISOString()).toBe('2026-10-01T12:00:00.000Z')
    })
  })

  it('zips the same files and date to identical bytes, and another date to other bytes', async () => {
    const first = await zipFiles(files, date)

    const again = await zipFiles(files, new Date(date))
    const otherDate = await zipFiles(files, new Date('2026-11-01T12:00:00Z'))

    expect(again.equals(first)).toBe(true)
    expect(otherDate.equals(first)).toBe(false)
  })

  it('answers a valid empty archive for no files', async () => {
    const zip = await zipFiles([], date)

    expect(await readZip(zip)).toEqual([])
  })

  it('rejects two entries with the same name, naming it', async () => {
    const duplicated = [...files, { name: '000-001-01-00012345.xml', data: Buffer.from('again') }]

    const zipping = zipFiles(duplicated, date)

    await expect(zipping).rejects.toThrow('the entry name "000-001-01-00012345.xml" appears more than once')
  })

  it('rejects an invalid date', async () => {
    const zipping = zipFiles(files, new Date('not a date'))

    await expect(zipping).rejects.toThrow(/invalid Date/)
  })
})
