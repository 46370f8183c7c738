/**
 * The XML syntax layer of the VNACCS-style codec: fast-xml-parser reads and
 * writes the documents (escaping, entities, UTF-8 text); this file only fixes
 * its options and offers small typed readers over the parsed tree, so the
 * message mappings stay declarative. A repeated element parses as an array
 * and a single one as a value; the readers below accept both. Element text is read as strings and
 * converted by the mapping, never guessed by the parser (a plate like
 * `24C12345` or a declaration `305123456780` must not become a number).
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { CodecError, definedFields } from '../codec.ts';

export const CODEC_NAME = 'vnaccs-xml';
/** Namespace of our assumed interface, versioned with the contract. */
export const VNACCS_NS = 'urn:borderflow:vnaccs:1.0';

/** A parsed element: text, attributes (`@_name`) and child elements. */
export type XmlNode = { [name: string]: XmlValue };
export type XmlValue = string | XmlNode | XmlValue[];

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  removeNSPrefix: true,
  ignoreDeclaration: true,
});

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
});

/**
 * Serialises a tree (undefined children are left out) with the XML declaration.
 *
 * @example
 * buildXml({ Decisions: { '@_xmlns': VNACCS_NS, Message: [...] } });
 */
export function buildXml(root: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(root) as string}`;
}

/**
 * Parses a body and returns its root element, checking it is the expected one.
 * A body that is not well-formed XML is a CodecError naming line and column.
 */
export function parseXml(body: string, rootNames: readonly string[]): { name: string; node: XmlNode } {
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    throw new CodecError(CODEC_NAME, `not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`);
  }
  const doc = parser.parse(body) as XmlNode;
  const name = rootNames.find((n) => n in doc);
  if (!name) {
    throw new CodecError(CODEC_NAME, `root element must be one of ${rootNames.join(', ')}, got ${Object.keys(doc).join(', ') || 'nothing'}`);
  }
  return { name, node: asNode(doc[name], name) };
}

/** An element with no content parses as ''; treat it as an empty element. */
export function asNode(value: XmlValue | undefined, path: string): XmlNode {
  if (value === undefined || value === '') return {};
  if (typeof value === 'string' || Array.isArray(value)) throw new CodecError(CODEC_NAME, `${path} must be an element with children`);
  return value;
}

/** Typed access to one element's children, naming the path in every error. */
export class XmlReader {
  constructor(
    readonly node: XmlNode,
    readonly path: string,
  ) {}

  has(name: string): boolean {
    return this.node[name] !== undefined;
  }

  /** Text of a child element or `@_attribute`; undefined when absent. */
  opt(name: string): string | undefined {
    const v = this.node[name];
    if (v === undefined) return undefined;
    if (typeof v === 'string') return v;
    // An element carrying attributes keeps its text under #text.
    if (!Array.isArray(v) && typeof v['#text'] === 'string') return v['#text'];
    if (!Array.isArray(v) && Object.keys(v).every((k) => k.startsWith('@_'))) return '';
    throw new CodecError(CODEC_NAME, `${this.path}/${name} must be text`);
  }

  req(name: string): string {
    const v = this.opt(name);
    if (v === undefined) throw new CodecError(CODEC_NAME, `${this.path}/${name} is missing`);
    return v;
  }

  /** A child parsed as a number; NaN is left for the schema to reject with the field's name. */
  num(name: string): number {
    return Number(this.req(name));
  }

  optNum(name: string): number | undefined {
    const v = this.opt(name);
    return v === undefined ? undefined : Number(v);
  }

  optBool(name: string): boolean | undefined {
    const v = this.opt(name);
    return v === undefined ? undefined : v === 'true' ? true : v === 'false' ? false : (v as unknown as boolean);
  }

  /** An attribute of a child element (`<GrossKg source="wb-1">…`), undefined when either is absent. */
  attr(name: string, attribute: string): string | undefined {
    const v = this.node[name];
    if (v === undefined || typeof v === 'string' || Array.isArray(v)) return undefined;
    const a = v[`@_${attribute}`];
    return typeof a === 'string' ? a : undefined;
  }

  child(name: string): XmlReader {
    if (!this.has(name)) throw new CodecError(CODEC_NAME, `${this.path}/${name} is missing`);
    return new XmlReader(asNode(this.node[name], `${this.path}/${name}`), `${this.path}/${name}`);
  }

  optChild(name: string): XmlReader | undefined {
    return this.has(name) ? this.child(name) : undefined;
  }

  /** `<Wrapper><Item/>…</Wrapper>` as readers; a missing or empty wrapper is an empty list. */
  list(wrapper: string, item: string): XmlReader[] {
    if (!this.has(wrapper)) return [];
    const w = asNode(this.node[wrapper], `${this.path}/${wrapper}`);
    const items = w[item];
    if (items === undefined) return [];
    const arr = Array.isArray(items) ? items : [items];
    return arr.map((v, i) => new XmlReader(asNode(v, `${this.path}/${wrapper}/${item}[${i + 1}]`), `${this.path}/${wrapper}/${item}[${i + 1}]`));
  }

  /** Every direct child element named `name` (repeated elements), as readers. */
  all(name: string): XmlReader[] {
    const items = this.node[name];
    if (items === undefined) return [];
    return (Array.isArray(items) ? items : [items]).map(
      (v, i) => new XmlReader(asNode(v, `${this.path}/${name}[${i + 1}]`), `${this.path}/${name}[${i + 1}]`),
    );
  }

  /** `<Wrapper><Item>text</Item>…</Wrapper>` as strings. */
  texts(wrapper: string, item: string): string[] {
    if (!this.has(wrapper)) return [];
    const w = asNode(this.node[wrapper], `${this.path}/${wrapper}`);
    const items = w[item];
    if (items === undefined) return [];
    return (Array.isArray(items) ? items : [items]).map((v, i) => {
      if (typeof v !== 'string') throw new CodecError(CODEC_NAME, `${this.path}/${wrapper}/${item}[${i + 1}] must be text`);
      return v;
    });
  }
}

/** Leaves `undefined` out of an element (fast-xml-parser would write "undefined"). */
export function el(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== null));
}

/** Numbers and booleans as element text. */
export const txt = (v: string | number | boolean | undefined | null): string | undefined =>
  v === undefined || v === null ? undefined : String(v);

/** Decoded payload fields without `undefined` (see `definedFields`). */
export const defined = definedFields;
