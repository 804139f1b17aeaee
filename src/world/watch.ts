/**
 * `--watch-fixtures`: reload the fixture files when one changes on disk. Editors save in bursts (write,
 * rename, chmod), so changes are debounced; a file that fails validation is logged with its file and line
 * and the fixtures in force stay.
 */
import { statSync, watch, type FSWatcher } from 'node:fs'
import { basename, dirname } from 'node:path'
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
      app.log.info({ files: loaded.fixtures.files.map((file) => file.file), changes: loaded.changes }, 'fixtures changed on disk: reloaded')
    } catch (err) {
      app.log.error(`fixtures changed on disk but were not reloaded: ${(err as Error).message} The fixtures in force stay.`)
    }
  }
  const changed = (): void => {
    if (timer !== undefined) clearTimeout(timer)
    timer = setTimeout(reload, DEBOUNCE_MS)
  }
  // A file is watched through its folder: an editor that saves by renaming a new copy over the file
  // replaces its inode, and a watcher on the file itself would see that once and then nothing more.
  const watchers: FSWatcher[] = runtime.config.fixtures.map((path) => {
    if (statSync(path).isDirectory()) {
      return watch(path, { persistent: false }, (_event, name) => { if (name === null || /\.ya?ml$/i.test(name)) changed() })
    }
    const file = basename(path)
    return watch(dirname(path), { persistent: false }, (_event, name) => { if (name === null || name === file) changed() })
  })
  // An FSWatcher 'error' without a listener would crash the server (e.g. a watched folder deleted).
  for (const watcher of watchers) {
    watcher.on('error', (err) => { app.log.error(`stopped watching the fixtures: ${err.message} Restart to watch them again.`) })
  }
  app.addHook('onClose', async () => {
    if (timer !== undefined) clearTimeout(timer)
    for (const watcher of watchers) watcher.close()
  })
}
