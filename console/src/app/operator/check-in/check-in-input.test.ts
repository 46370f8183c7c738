import { describe, expect, it } from 'vitest';
import { readCheckIn } from './check-in-input.ts';

describe('readCheckIn', () => {
  it('reads plates in any spacing', () => {
    expect(readCheckIn(' 24c-123.45 ')).toEqual({ kind: 'plate', plate: '24C12345' });
    expect(readCheckIn('云G12345')).toEqual({ kind: 'plate', plate: '云G12345' });
  });

  it('reads QR pass tokens, also inside a scanned URL', () => {
    const token = 'q9XJ0c1Xb3Zb1l2mR8sT4uV6wY7zA0bC';
    expect(readCheckIn(token)).toEqual({ kind: 'qr', qrToken: token });
    expect(readCheckIn(`https://gate.example/pass/${token}`)).toEqual({ kind: 'qr', qrToken: token });
    expect(readCheckIn('24C1a2b3c4d5e6f7g8h9')).toEqual({ kind: 'qr', qrToken: '24C1a2b3c4d5e6f7g8h9' });
  });

  it('keeps a misread plate as unknown (for the fuzzy match)', () => {
    expect(readCheckIn('24C-I23.4S')).toEqual({ kind: 'unknown', text: '24C-I23.4S' });
  });
});
