/**
 * The codec of each adapter kind: the signed JSON webhook's, VNACCS-style XML
 * (src/vnaccs) and UN/EDIFACT CUSDEC/CUSRES (src/edifact).
 */
import type { AdapterKind } from '@borderflow/contracts';
import type { AgencyCodec } from './codec.ts';
import { edifactCodec } from './edifact/edifact-codec.ts';
import { vnaccsXmlCodec } from './vnaccs/vnaccs-xml-codec.ts';
import { jsonWebhookCodec } from './webhook/json-codec.ts';

export type AdapterCodec = AgencyCodec;

/**
 * @example
 * const codec = codecFor('vnaccs'); // codec.contentType === 'application/xml; charset=utf-8'
 */
export function codecFor(kind: AdapterKind): AgencyCodec {
  switch (kind) {
    case 'webhook':
      return jsonWebhookCodec;
    case 'vnaccs':
      return vnaccsXmlCodec;
    case 'edifact':
      return edifactCodec;
    default: {
      const unknown: never = kind;
      throw new Error(`no codec for adapter kind ${String(unknown)}`);
    }
  }
}
