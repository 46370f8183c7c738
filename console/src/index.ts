/**
 * @borderflow/console — the operators' live lane board: static files (no
 * build step) the API serves at `/`.
 */
import { fileURLToPath } from 'node:url';

/**
 * Absolute path of the board's static files, for `express.static`.
 *
 * @example
 * app.use(express.static(consoleStaticDir));
 */
export const consoleStaticDir: string = fileURLToPath(new URL('../public', import.meta.url));

// Only the path is exported here: the board's JavaScript modules are typed
// through JSDoc (allowJs), which packages importing this entry do not enable.
