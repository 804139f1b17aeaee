/**
 * What kind of invoice file some bytes are, by their first bytes: the files the APIs send as base64 inside
 * JSON. Plain bytes in, so the server (Buffers) and the QA console in the browser (Uint8Array) share it.
 */

export type FileKind = 'pdf' | 'zip' | 'xml'

/** The media type of each kind. */
export const FILE_TYPES: Record<FileKind, string> = { pdf: 'application/pdf', zip: 'application/zip', xml: 'application/xml' }

/**
 * @example
 * fileKind(Buffer.from('%PDF-1.4')) // 'pdf'
 */
export function fileKind (bytes: Uint8Array): FileKind | undefined {
  const head = String.fromCharCode(...bytes.subarray(0, 5))
  if (head.startsWith('%PDF-')) return 'pdf'
  if (head.startsWith('PK')) return 'zip'
  if (head.startsWith('<?xml')) return 'xml'
  return undefined
}
