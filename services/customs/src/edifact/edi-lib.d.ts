/**
 * Types for `edi` (EDI.js), used only by the independent CUSDEC test: a small
 * EDIFACT reader that shares no code with node-edifact or our writer.
 */
declare module 'edi' {
  class EDI {
    constructor(text: string);
    /** Splits on segment terminators and line breaks. */
    lines(): EDI[];
    /** Every chunk of the text starting at `token`. */
    segments(token: string): EDI[];
    /** The first segment starting with `token+`. */
    segment(token: string): EDI;
    /** The n-th data element (0 = the tag), release characters respected. */
    element(n: number): EDI;
    /** The n-th component of an element. */
    component(n: number): EDI;
    toString(): string;
  }
  export = EDI;
}
