/**
 * Plates written the way they are painted on the truck, whatever the input spacing:
 * `24C12345` → `24C-123.45`, `24C1234` → `24C-1234`, `云G12345` → `云G·12345`, new-energy
 * `粤BD12345` → `粤B·D12345`, `粤Z1234港` → `粤Z·1234港`.
 */

const VN_PLATE = /^(\d{2})([A-Z]{1,2})(\d{4,5})$/;
const CN_PLATE = /^(\p{Script=Han})([A-Z])([A-Z0-9]{4,6}\p{Script=Han}?)$/u;

/**
 * @example
 * formatPlate('24c 123 45'); // "24C-123.45"
 * formatPlate('云G12345');   // "云G·12345"
 */
export function formatPlate(plate: string | null | undefined): string {
  if (!plate) return '—';
  const compact = plate.toUpperCase().replace(/[\s.\-·]/g, '');
  const vn = VN_PLATE.exec(compact);
  if (vn) {
    const [, province = '', series = '', digits = ''] = vn;
    return `${province}${series}-${digits.length === 5 ? `${digits.slice(0, 3)}.${digits.slice(3)}` : digits}`;
  }
  const cn = CN_PLATE.exec(compact);
  if (cn) return `${cn[1]}${cn[2]}·${cn[3]}`;
  return plate.trim().toUpperCase();
}
