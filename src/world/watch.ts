/**
 * `--watch-fixtures`: reload the fixture files when one changes on disk. Editors save in bursts (write,
 * rename, chmod), so changes are debounced; a file that fails validation is logged with its file and line
 * and the fixtures in force stay.
 */
import { watch, type FSWatcher } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import type { Runtime } from '../engine/runtime.js'

const DEBOUNCE_MS = 150

/**
 * Watches every --fixtures path (a folder: its files, new ones included) until the app closes.
 * @example
 * if (config.watchFixtures) watchFixtures(app, runtime)
 */
export function watchFixtures (app: FastifyInstance, runtime: Runtime): void {
  let timer: NodeJS.Timeout | undefined
  const reload = (): void => {
    timer = undefined
    try {
      const loaded = runtime.reload()
      app.log.info({ files: loaded.fixtures.files.map((file) => file.file) }, 'fixtures changed on disk: reloaded')
    } catch (err) {
      app.log.error(`fixtures changed on disk but were not reloaded: ${(err as Error).message} The fixtures in force stay.`)
    }
  }
  const watchers: FSWatcher[] = runtime.config.fixtures.map((path) => watch(path, { persistent: false }, () => {
    if (timer !== undefined) clearTimeout(timer)
    timer = setTimeout(reload, DEBOUNCE_MS)
  }))
  app.addHook('onClose', async () => {
    if (timer !== undefined) clearTimeout(timer)
    for (const watcher of watchers) watcher.close()
  })
}
