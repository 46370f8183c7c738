/**
 * MovementNotice ↔ `<MovementNotice>` (VASSCM-style "thông báo phương tiện":
 * the truck, its containers and seals, and the declarations it carries).
 */
import type { MovementNotice } from '@borderflow/contracts';
import { XmlReader, defined, el, txt } from './xml-document.ts';

/**
 * @example
 * noticeToXml(notice); // { '@_tripId': 'trip_1', Purpose: 'original', … }
 */
export function noticeToXml(n: MovementNotice): Record<string, unknown> {
  return {
    '@_tripId': n.tripId,
    Purpose: n.purpose,
    Revision: txt(n.revision),
    Direction: n.direction,
    ExpectedArrivalAt: n.expectedArrivalAt,
    Vehicle: { Plate: n.vehicle.plate, Nationality: n.vehicle.nationality },
    ...(n.trailer ? { Trailer: { Plate: n.trailer.plate } } : {}),
    Driver: el({
      FullName: n.driver.fullName,
      Phone: n.driver.phone,
      LicenseNo: n.driver.licenseNo,
      Nationality: n.driver.nationality,
      IdDocumentNo: n.driver.idDocumentNo,
    }),
    Containers: { Container: n.containers.map((c) => ({ Number: c.number, Seals: { Seal: c.seals } })) },
    Declarations: {
      Declaration: n.declarations.map((d) => ({ Number: d.number, TradeType: d.tradeType, CustomsOffice: d.customsOffice })),
    },
    Parties: { Party: n.parties.map((p) => ({ '@_role': p.role, Country: p.country, Name: p.name, TaxId: p.taxId })) },
    Cargo: {
      Item: n.cargo.map((c) =>
        el({
          Description: c.description,
          HsCode: c.hsCode,
          Packages: txt(c.packages),
          PackageType: c.packageType,
          GrossKg: txt(c.grossKg),
          Perishable: txt(c.perishable),
          PlantOrAnimal: txt(c.plantOrAnimal),
          DeclarationNumber: c.declarationNumber,
        }),
      ),
    },
  };
}

/** Reads `<MovementNotice>` into an unvalidated payload (the envelope schema checks it). */
export function noticeFromXml(x: XmlReader): Record<string, unknown> {
  const trailer = x.optChild('Trailer');
  const d = x.child('Driver');
  const v = x.child('Vehicle');
  return {
    tripId: x.req('@_tripId'),
    purpose: x.req('Purpose'),
    revision: x.num('Revision'),
    direction: x.req('Direction'),
    expectedArrivalAt: x.req('ExpectedArrivalAt'),
    vehicle: { plate: v.req('Plate'), nationality: v.req('Nationality') },
    trailer: trailer ? { plate: trailer.req('Plate') } : null,
    driver: defined({
      fullName: d.req('FullName'),
      phone: d.req('Phone'),
      licenseNo: d.opt('LicenseNo'),
      nationality: d.opt('Nationality'),
      idDocumentNo: d.opt('IdDocumentNo'),
    }),
    containers: x.list('Containers', 'Container').map((c) => ({ number: c.req('Number'), seals: c.texts('Seals', 'Seal') })),
    declarations: x
      .list('Declarations', 'Declaration')
      .map((c) => ({ number: c.req('Number'), tradeType: c.req('TradeType'), customsOffice: c.req('CustomsOffice') })),
    parties: x
      .list('Parties', 'Party')
      .map((p) => ({ role: p.req('@_role'), country: p.req('Country'), name: p.req('Name'), taxId: p.req('TaxId') })),
    cargo: x.list('Cargo', 'Item').map((c) =>
      defined({
        description: c.req('Description'),
        hsCode: c.req('HsCode'),
        packages: c.num('Packages'),
        packageType: c.opt('PackageType'),
        grossKg: c.num('GrossKg'),
        perishable: c.optBool('Perishable'),
        plantOrAnimal: c.optBool('PlantOrAnimal'),
        declarationNumber: c.opt('DeclarationNumber'),
      }),
    ),
  };
}
