/**
 * The board ships without a build step, so nothing else would notice a syntax
 * error, a missing file or an unsafe DOM write before a browser does.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consoleStaticDir } from './index.ts';
import { DICTIONARY } from '../public/i18n.js';
import {
  PRIORITY_CLASSES,
  STAGES,
  ZDirectionSchema,
  ZLaneOccupancySchema,
  ZLaneStatusSchema,
} from '@borderflow/contracts';

const scripts = readdirSync(consoleStaticDir).filter((f) => f.endsWith('.js'));

describe('console static files', () => {
  it('has an index.html with the board', () => {
    const html = readFileSync(join(consoleStaticDir, 'index.html'), 'utf8');
    expect(html).toContain('<script type="module" src="lane-board.js">');
    expect(html).toContain('/socket.io/socket.io.min.js');
  });

  it('references only files that exist (no CDN: the gate has no internet)', () => {
    const html = readFileSync(join(consoleStaticDir, 'index.html'), 'utf8');
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref, ref).not.toMatch(/^(https?:)?\/\//);
      if (ref.startsWith('/socket.io/') || ref.startsWith('data:')) continue; // served by Socket.IO itself / inline
      expect(existsSync(join(consoleStaticDir, ref)), ref).toBe(true);
    }
  });

  it.each(scripts)('%s parses as an ES module', (file) => {
    // Throws (and fails the test) with the syntax error's location.
    execFileSync(process.execPath, ['--check', join(consoleStaticDir, file)], { stdio: 'pipe' });
  });

  it.each(scripts)('%s never writes HTML from strings (XSS)', (file) => {
    const source = readFileSync(join(consoleStaticDir, file), 'utf8');
    expect(source).not.toMatch(/\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write/);
  });

  it('lane-board.js imports only local modules', () => {
    const source = readFileSync(join(consoleStaticDir, 'lane-board.js'), 'utf8');
    const imports = [...source.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1] as string);
    expect(imports.length).toBeGreaterThan(0);
    for (const spec of imports) expect(spec).toMatch(/^\.\/[a-z0-9-]+\.js$/);
  });

  it('speaks Vietnamese and English with the same words', () => {
    expect(Object.keys(DICTIONARY.en).sort()).toEqual(Object.keys(DICTIONARY.vi).sort());
    const html = readFileSync(join(consoleStaticDir, 'index.html'), 'utf8');
    for (const [, key] of html.matchAll(/data-i18n="([^"]+)"/g)) expect(DICTIONARY.vi).toHaveProperty([key as string]);
  });

  it('has a word for every stage, class, direction, lane status and occupancy', () => {
    const keys = [
      ...STAGES.map((v) => `stage.${v}`),
      ...PRIORITY_CLASSES.map((v) => `class.${v}`),
      ...ZDirectionSchema.options.map((v) => `dir.${v}`),
      ...ZLaneStatusSchema.options.map((v) => `status.${v}`),
      ...ZLaneOccupancySchema.options.map((v) => `occ.${v}`),
    ];
    for (const key of keys) expect(DICTIONARY.vi, key).toHaveProperty([key]);
  });
});
