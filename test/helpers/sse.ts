/**
 * Reads a server-sent-events answer (GET /__admin/requests/stream) as text, as far as a test needs it.
 */

export interface EventReader {
  /** Everything read so far. */
  text: () => string
  /** Reads until the text matches; rejects when the stream ends first. */
  until: (pattern: RegExp) => Promise<void>
}

/**
 * @example
 * const events = readEvents(await fetch(`${base}/__admin/requests/stream`))
 * await events.until(/event: request/)
 */
export function readEvents (response: Response): EventReader {
  const reader = (response.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader()
  let text = ''
  return {
    text: () => text,
    async until (pattern) {
      while (!pattern.test(text)) {
        const { value, done } = await reader.read()
        if (done) throw new Error(`the stream ended before ${String(pattern)}:\n${text}`)
        text += value
      }
    }
  }
}
