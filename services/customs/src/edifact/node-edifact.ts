/**
 * The `edifact` package (node-edifact, CommonJS, no type declarations) with
 * types for the parts we use: its streaming Parser, which tokenises
 * UN/EDIFACT (UNA delimiters, release character, character-set checks) and
 * reports segments, elements and components. Loaded with `createRequire` so
 * every workspace that imports @borderflow/customs type-checks without an
 * ambient declaration.
 */
import { createRequire } from 'node:module';

export type EncodingLevel = 'UNOA' | 'UNOB' | 'UNOC' | 'UNOY' | 'UCS2';

export interface EdifactParser {
  encoding(level: EncodingLevel): void;
  write(chunk: string): void;
  end(): void;
  on(event: 'opensegment', listener: (tag: string) => void): this;
  on(event: 'element' | 'closesegment', listener: () => void): this;
  on(event: 'component', listener: (data: string) => void): this;
}

const lib = createRequire(import.meta.url)('edifact') as { Parser: new () => EdifactParser };

/**
 * A fresh node-edifact parser.
 *
 * @example
 * const parser = newEdifactParser();
 * parser.encoding('UNOY');
 * parser.on('opensegment', (tag) => console.log(tag));
 * parser.write("UNA:+.? 'UNB+UNOW:4+A+B+20250601:0830+1'");
 */
export function newEdifactParser(): EdifactParser {
  return new lib.Parser();
}
