/**
 * `--watch-fixtures`: reload the fixture files when one changes on disk. Editors save in bursts (write,
 * rename, chmod), and a large file or a slow copy is written over many milliseconds, so a reload waits
 * until the files have stopped changing: their sizes and modification times the same twice, STABLE_MS
 * apart. A file that fails validation, does not parse, or has become empty is logged as a warning with its
 * file (and line), and the fixtures in force stay.
 */
import { statSync, watch, type FSWatcher } from 'node:fs'
import { basename, dirname } from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { Runtime } from './runtime.js'
import { expandFixturePaths } from '../world/fixtures.js'

const DEBOUNCE_MS = 150
/** How long the files must stay unchanged before a reload reads them. */
const STABLE_MS = 300
/** A file still changing after this many looks (about 15 s) is read as it is; the reload then judges it. */
const MAX_LOOKS = 50

/** Size and modification time of every fixture file, as one string; a missing file (mid-rename) counts too. */
function filesState (paths: readonly string[]): string {
  let files: string[]
  try {
    files = expandFixturePaths(paths)
  } catch (err) {
    return `unreadable: ${(err as Error).message}`
  }
  return files.map((file) => {
    try {
      const { size, mtimeMs } = statSync(file)
      return `${file}:${size}:${mtimeMs}`
    } catch {
      return `${file}:missing`
    }
  }).join('|')
}

/**
 * Watches every --fixtures path (a folder: its files, new ones included) until the app closes.
 * @example
 * if (config.watchFixtures) watchFixtures(app, runtime)
 */
export function watchFixtures (app: FastifyInstance, runtime: Runtime): void {
  let timer: NodeJS.Timeout | undefined
  const reload = (): void => {
    timer = undefined
    runtime.reload().then((loaded) => {
      app.log.info({ files: loaded.fixtures.files.map((file) => file.file), changes: loaded.changes }, 'fixtures changed on disk: reloaded')
    }, (err: unknown) => {
      app.log.warn(`fixtures changed on disk but were not reloaded: ${(err as Error).message} The fixtures in force stay.`)
    })
  }
  const whenStable = (before: string, looks: number): void => {
    timer = setTimeout(() => {
      const now = filesState(runtime.config.fixtures)
      if (now === before || looks >= MAX_LOOKS) reload()
      else whenStable(now, looks + 1)
    }, STABLE_MS)
  }
  const changed = (): void => {
    if (timer !== undefined) clearTimeout(timer)
    timer = setTimeout(() => { whenStable(filesState(runtime.config.fixtures), 1) }, DEBOUNCE_MS)
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
