import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Writes `files` (path relative to the folder → text) into a fresh folder under the OS temp
 * directory and returns its path: a small repository for a test of a tool that reads one.
 * The caller removes it (`rm(root, { recursive: true, force: true })`).
 *
 * @example
 * const root = await writeFixtureFiles('layers-', { 'package.json': '{"workspaces":["a"]}' });
 */
export async function writeFixtureFiles(prefix: string, files: Readonly<Record<string, string>>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), `borderflow-${prefix}`));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}
