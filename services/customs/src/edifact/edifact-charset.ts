/**
 * Bytes to text as the interchange declares (UNB S001 0001, ISO 9735): an EDIFACT body names its
 * own character set, so the HTTP charset (often absent or wrong) is not trusted. UNOA and UNOB
 * are subsets of ISO 646 (ASCII) and UNOC is ISO 8859-1 (Latin-1): a byte is a character, so a
 * partner's `Nguy\xEAn` is `Nguyên`, not a UTF-8 replacement character. UNOW (and UNOY, in
 * practice UTF-8 on the wire) are decoded as UTF-8 and a byte that is not UTF-8 is an error.
 * The syntax identifier itself is ASCII in every set, so it is read before decoding.
 */
import { CodecError } from '../codec.ts';

const EDIFACT_CODEC = 'edifact';

/** Character sets this reader decodes, with the TextDecoder label for each. */
const DECODER: Record<string, string> = { UNOA: 'latin1', UNOB: 'latin1', UNOC: 'latin1', UNOW: 'utf-8', UNOY: 'utf-8' };

/**
 * The syntax identifier an interchange declares in UNB, read from its bytes.
 *
 * @example
 * declaredCharset(Buffer.from("UNA:+.? 'UNB+UNOC:3+A+B+250601:0830+1'")); // 'UNOC'
 */
export function declaredCharset(raw: Uint8Array): string {
  // Bytes ≥ 0x80 never appear in UNA/UNB's identifier, so a Latin-1 view finds it whatever the set.
  const head = new TextDecoder('latin1').decode(raw.subarray(0, 512));
  return /UNB\+([A-Z0-9]{4})/.exec(head)?.[1] ?? 'UNOA';
}

/**
 * Decodes an EDIFACT body by its declared character set.
 *
 * @example
 * edifactText(Buffer.from([...Buffer.from('UNB+UNOC:3+'), 0xea])); // 'UNB+UNOC:3+ê'
 */
export function edifactText(raw: Uint8Array): string {
  const charset = declaredCharset(raw);
  const label = DECODER[charset];
  if (!label) throw new CodecError(EDIFACT_CODEC, `unsupported character set ${charset} (use UNOW, UNOY, UNOC, UNOB or UNOA)`);
  try {
    return new TextDecoder(label, { fatal: label === 'utf-8' }).decode(raw);
  } catch {
    throw new CodecError(EDIFACT_CODEC, `body declares ${charset} (UTF-8) but is not valid UTF-8`);
  }
}
