/**
 * `npx vite` (dev server with the API proxied to a running platform) and `npx vite build`.
 * The options live in src/build/vite-options.ts so that `npm start` and the e2e tests build
 * with exactly the same settings through Vite's JS API.
 */
import { defineConfig } from 'vite';
import { consoleViteConfig } from './src/build/vite-options.ts';

export default defineConfig(consoleViteConfig({ apiUrl: process.env.BORDERFLOW_API ?? 'http://127.0.0.1:3000' }));
