/**
 * MovementNotice ↔ CUSDEC (D.96B directory, our MIG `BF1.0`): one CUSDEC per
 * trip, listing the declarations it carries. Header: BGM (830 export / 929
 * import, message function 9 original, 5 replacement, 1 cancellation), DTM,
 * LOC, RFF (trip, correlation, declarations), NAD groups (parties, driver),
 * TDT (truck), EQD+TE (trailer), EQD+CN with SEL (containers and seals);
 * detail after UNS+D: one GID group per cargo line; summary after UNS+S: CNT
 * control totals and AUT. Segment by segment in README.md.
 */
import type { MovementNotice, MovementNoticeEnvelope, NoticeParty } from '@borderflow/contracts';
import { definedFields } from '../codec.ts';
import { comp, seg, type Segment } from './edifact-syntax.ts';
import { freeText, nameLines, readFreeText, reference35, resolveReference } from './edifact-lengths.ts';
import { MessageSegments, dtm, fail, headSegments, readTime, signatureSegments } from './edifact-interchange.ts';

const DOCUMENT = { exit: '830', entry: '929' } as const;
const FUNCTION = { original: '9', replace: '5', cancel: '1' } as const;
const PARTY = { exporter: 'EX', importer: 'IM', declarant: 'DT', carrier: 'CA' } as const;
const TAX_SCHEME = { VN: 'MST', CN: 'USC' } as const;
const DRIVER = 'ZDR';

const invert = <K extends string, V extends string>(o: Record<K, V>) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [v, k])) as Record<V, K>;

const flag = (code: string, v: boolean | undefined) => (v === undefined ? [] : [seg('GIS', [code, v ? 'Y' : 'N'])]);

function partySegments(p: NoticeParty): Segment[] {
  return [seg('NAD', PARTY[p.role], [p.taxId, TAX_SCHEME[p.country], 'ZZZ'], '', nameLines(p.name, `NAD+${PARTY[p.role]}`), '', '', '', '', p.country)];
}

function driverSegments(d: MovementNotice['driver']): Segment[] {
  return [
    seg('NAD', DRIVER, d.idDocumentNo ? [d.idDocumentNo, 'PP', 'ZZZ'] : '', '', nameLines(d.fullName, `NAD+${DRIVER}`), '', '', '', '', d.nationality),
    ...(d.licenseNo ? [seg('CTA', 'ZLI', d.licenseNo)] : []),
    seg('COM', [d.phone, 'TE']),
  ];
}

/**
 * The CUSDEC body (between UNH and UNT) of one notice envelope.
 *
 * @example
 * cusdecSegments(envelope); // [BGM, DTM, DTM, LOC, RFF…, NAD…, TDT, EQD…, UNS+D, GID…, UNS+S, CNT…, AUT]
 */
export function cusdecSegments(env: MovementNoticeEnvelope): Segment[] {
  const n = env.payload;
  const totalPackages = n.cargo.reduce((s, c) => s + c.packages, 0);
  const head = headSegments(env, DOCUMENT[n.direction], FUNCTION[n.purpose]);
  head.splice(head.findIndex((s) => s.tag === 'LOC'), 0, ...dtm('132', n.expectedArrivalAt));
  return [
    ...head,
    seg('RFF', ['ABO', reference35(n.tripId), '', '', n.revision]),
    ...n.declarations.map((d) => seg('RFF', ['ABT', d.number, d.tradeType, d.customsOffice])),
    ...n.parties.flatMap(partySegments),
    ...driverSegments(n.driver),
    seg('TDT', '20', '', '3', '31', '', '', '', [n.vehicle.plate, '', '', '', n.vehicle.nationality]),
    ...(n.trailer ? [seg('EQD', 'TE', n.trailer.plate)] : []),
    ...n.containers.flatMap((c) => [seg('EQD', 'CN', c.number), ...c.seals.map((s) => seg('SEL', s))]),
    seg('UNS', 'D'),
    ...n.cargo.flatMap((c, i) => [
      seg('GID', i + 1, [c.packages, c.packageType]),
      ...freeText('AAA', c.description),
      seg('PIA', '5', [c.hsCode, 'HS']),
      seg('MEA', 'AAE', 'G', ['KGM', c.grossKg]),
      ...(c.declarationNumber ? [seg('RFF', ['ABT', c.declarationNumber])] : []),
      ...flag('PER', c.perishable),
      ...flag('PLA', c.plantOrAnimal),
    ]),
    seg('UNS', 'S'),
    seg('CNT', ['2', n.cargo.length]),
    seg('CNT', ['11', totalPackages]),
    ...signatureSegments(env, [['ABO', n.tripId]]),
  ];
}

const readFlag = (group: MessageSegments, code: string) => {
  const v = comp(group.opt('GIS', code), 0, 1);
  return v === 'Y' ? true : v === 'N' ? false : undefined;
};

/** Reads a CUSDEC body into an unvalidated MovementNotice payload (the envelope schema checks it). */
export function cusdecPayload(m: MessageSegments): Record<string, unknown> {
  const head = m.section('start', 'D');
  const detail = m.section('D', 'S');
  const summary = m.section('S', 'end');
  const bgm = head.one('BGM');
  const direction = invert(DOCUMENT)[comp(bgm, 0) as '830' | '929'] ?? fail(`${m.where}: BGM document code ${comp(bgm, 0)} must be 830 or 929`);
  const purpose = invert(FUNCTION)[comp(bgm, 2) as '9' | '5' | '1'] ?? fail(`${m.where}: BGM message function ${comp(bgm, 2)} must be 9, 5 or 1`);
  const trip = head.one('RFF', 'ABO');
  const tdt = head.one('TDT', '20');
  const trailer = head.opt('EQD', 'TE');
  const parties = head.groups('NAD', ['CTA', 'COM']);
  const driver = parties.find((g) => comp(g[0], 0) === DRIVER) ?? fail(`${m.where}: NAD+${DRIVER} (driver) is missing`);
  const driverGroup = new MessageSegments(driver, m.where);
  const items = detail.groups('GID', ['FTX', 'PIA', 'MEA', 'RFF', 'GIS']);
  const itemCount = comp(summary.opt('CNT', '2'), 0, 1);
  if (itemCount !== '' && Number(itemCount) !== items.length) fail(`${m.where}: CNT+2 counts ${itemCount} goods items, the message has ${items.length}`);

  const d = driver[0];
  return {
    tripId: resolveReference(comp(trip, 0, 1), 'ABO', m.segments, m.where),
    purpose,
    revision: Number(comp(trip, 0, 4)),
    direction,
    expectedArrivalAt: readTime(head, '132', 'expectedArrivalAt'),
    vehicle: { plate: comp(tdt, 7), nationality: comp(tdt, 7, 4) },
    trailer: trailer ? { plate: comp(trailer, 1) } : null,
    driver: definedFields({
        fullName: d!.elements[3]?.join('') ?? '',
        phone: comp(driverGroup.one('COM'), 0),
        licenseNo: driverGroup.opt('CTA', 'ZLI') ? comp(driverGroup.opt('CTA', 'ZLI'), 1) : undefined,
        nationality: comp(d, 8) || undefined,
        idDocumentNo: comp(d, 1) || undefined,
      }),
    containers: head.groups('EQD', ['SEL'], 'CN').map((g) => ({ number: comp(g[0], 1), seals: g.slice(1).map((s) => comp(s, 0)) })),
    declarations: head.all('RFF', 'ABT').map((r) => ({ number: comp(r, 0, 1), tradeType: comp(r, 0, 2), customsOffice: comp(r, 0, 3) })),
    parties: parties
      .filter((g) => comp(g[0], 0) !== DRIVER)
      .map(([nad]) => ({
        role: invert(PARTY)[comp(nad, 0) as 'EX'] ?? comp(nad, 0),
        country: comp(nad, 8),
        name: nad!.elements[3]?.join('') ?? '',
        taxId: comp(nad, 1),
      })),
    cargo: items.map((g) => {
      const item = new MessageSegments(g, m.where);
      const gid = g[0];
      const declaration = comp(item.opt('RFF', 'ABT'), 0, 1);
      return definedFields({
          description: readFreeText(item.all('FTX', 'AAA')),
          hsCode: comp(item.one('PIA', '5'), 1),
          packages: Number(comp(gid, 1)),
          packageType: comp(gid, 1, 1) || undefined,
          grossKg: Number(comp(item.one('MEA', 'AAE'), 2, 1)),
          perishable: readFlag(item, 'PER'),
          plantOrAnimal: readFlag(item, 'PLA'),
          declarationNumber: declaration || undefined,
        });
    }),
  };
}
