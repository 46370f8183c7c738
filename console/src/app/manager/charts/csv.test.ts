import { afterEach, describe, expect, it } from 'vitest';
import { downloadCsv, toCsv, UTF8_BOM } from './csv.ts';

describe('toCsv', () => {
  it('quotes what would break a row, and defuses spreadsheet formulas', () => {
    expect(toCsv(['a', 'b'], [['x,y', 'say "hi"'], ['line\nbreak', null], ['=SUM(A1)', -3]])).toBe(
      'a,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",\r\n"\'=SUM(A1)",-3\r\n',
    );
  });
});

describe('downloadCsv', () => {
  const original = URL.createObjectURL;
  afterEach(() => {
    URL.createObjectURL = original;
  });

  it('offers a UTF-8 file with a byte-order mark under the given name', async () => {
    // jsdom has no object URLs: capture the blob the page hands over.
    let blob: Blob | null = null;
    URL.createObjectURL = (b: Blob | MediaSource) => {
      blob = b as Blob;
      return 'blob:test';
    };
    let clicked: HTMLAnchorElement | null = null;
    document.addEventListener('click', (e) => {
      clicked = e.target as HTMLAnchorElement;
      e.preventDefault();
    }, { once: true });
    downloadCsv('kt-waits.csv', 'class,p50\r\nThường,12\r\n');
    expect(clicked!.download).toBe('kt-waits.csv');
    expect(blob!.type).toBe('text/csv;charset=utf-8');
    const bytes = new Uint8Array(await blob!.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes.slice(3))).toBe('class,p50\r\nThường,12\r\n');
    expect(UTF8_BOM).toBe('\uFEFF');
  });
});
