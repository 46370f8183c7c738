/**
 * @borderflow/console — the React app (operator board, manager map and charts, driver pages),
 * built by Vite into console/dist, which the API serves at `/` on its own port.
 *
 * Only the path is exported here: the API imports this entry at run time and must not load Vite.
 * Building is in `./build/console-build.ts` (`ensureConsoleBuilt()`), used by `npm start` and e2e.
 */
import { fileURLToPath } from 'node:url';

/**
 * Absolute path of the built console (index.html + hashed assets), for `express.static`.
 * The API falls back to its index.html for client routes (/operator, /driver/...).
 *
 * @example
 * app.use(express.static(consoleStaticDir));
 */
export const consoleStaticDir: string = fileURLToPath(new URL('../dist', import.meta.url));
