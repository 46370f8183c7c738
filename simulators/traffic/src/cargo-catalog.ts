/**
 * What crosses at Kim Thành, by direction, with Vietnamese 8-digit HS codes
 * (AHTN). Exports towards Hekou are dominated by fresh fruit in season;
 * imports are machinery, electronics, fabric, fertiliser, steel and temperate
 * fruit. `weight` is how often the item appears in a truck of that direction.
 */
import type { Direction } from '@borderflow/contracts';

export interface CargoTemplate {
  /** Vietnamese description as a declarant writes it. */
  description: string;
  /** 8-digit HS code, written with dots the way declarations print it. */
  hsCode: string;
  perishable: boolean;
  /** Plant or animal products: the trip gets a quarantine stage. */
  plantOrAnimal: boolean;
  /** Gross weight range of a full truck, kg. */
  grossKg: readonly [number, number];
  /** Kilograms per package (carton, bale, pallet, unit). */
  kgPerPackage: number;
  weight: number;
}

export const CARGO_CATALOG: Record<Direction, readonly CargoTemplate[]> = {
  exit: [
    { description: 'Sầu riêng tươi', hsCode: '0810.60.00', perishable: true, plantOrAnimal: true, grossKg: [16_000, 24_000], kgPerPackage: 18, weight: 6 },
    { description: 'Thanh long tươi', hsCode: '0810.90.92', perishable: true, plantOrAnimal: true, grossKg: [14_000, 20_000], kgPerPackage: 12, weight: 5 },
    { description: 'Vải tươi', hsCode: '0810.90.20', perishable: true, plantOrAnimal: true, grossKg: [10_000, 16_000], kgPerPackage: 10, weight: 3 },
    { description: 'Chuối tươi', hsCode: '0803.90.90', perishable: true, plantOrAnimal: true, grossKg: [15_000, 22_000], kgPerPackage: 13, weight: 3 },
    { description: 'Mít tươi', hsCode: '0810.90.50', perishable: true, plantOrAnimal: true, grossKg: [14_000, 20_000], kgPerPackage: 20, weight: 2 },
    { description: 'Sắn lát khô', hsCode: '0714.10.11', perishable: false, plantOrAnimal: true, grossKg: [25_000, 32_000], kgPerPackage: 50, weight: 3 },
    { description: 'Hạt điều nhân', hsCode: '0801.32.00', perishable: false, plantOrAnimal: true, grossKg: [15_000, 20_000], kgPerPackage: 23, weight: 1 },
    { description: 'Tinh bột sắn', hsCode: '1108.14.00', perishable: false, plantOrAnimal: false, grossKg: [25_000, 30_000], kgPerPackage: 50, weight: 3 },
    { description: 'Cao su tự nhiên SVR 3L', hsCode: '4001.22.10', perishable: false, plantOrAnimal: false, grossKg: [20_000, 26_000], kgPerPackage: 1_260, weight: 2 },
    { description: 'Áo phông cotton', hsCode: '6109.10.10', perishable: false, plantOrAnimal: false, grossKg: [5_000, 9_000], kgPerPackage: 15, weight: 3 },
    { description: 'Quần jean nam', hsCode: '6203.42.90', perishable: false, plantOrAnimal: false, grossKg: [6_000, 10_000], kgPerPackage: 20, weight: 2 },
    { description: 'Linh kiện điện tử (mạch tích hợp)', hsCode: '8542.31.00', perishable: false, plantOrAnimal: false, grossKg: [2_000, 6_000], kgPerPackage: 25, weight: 2 },
  ],
  entry: [
    { description: 'Táo tươi', hsCode: '0808.10.00', perishable: true, plantOrAnimal: true, grossKg: [15_000, 22_000], kgPerPackage: 18, weight: 3 },
    { description: 'Nho tươi', hsCode: '0806.10.00', perishable: true, plantOrAnimal: true, grossKg: [10_000, 16_000], kgPerPackage: 8, weight: 2 },
    { description: 'Máy xúc đào bánh xích', hsCode: '8429.52.00', perishable: false, plantOrAnimal: false, grossKg: [20_000, 30_000], kgPerPackage: 22_000, weight: 2 },
    { description: 'Máy tính xách tay', hsCode: '8471.30.20', perishable: false, plantOrAnimal: false, grossKg: [3_000, 8_000], kgPerPackage: 12, weight: 2 },
    { description: 'Điện thoại thông minh', hsCode: '8517.13.00', perishable: false, plantOrAnimal: false, grossKg: [2_000, 5_000], kgPerPackage: 10, weight: 2 },
    { description: 'Vải dệt thoi từ sợi filament tổng hợp', hsCode: '5407.61.90', perishable: false, plantOrAnimal: false, grossKg: [12_000, 20_000], kgPerPackage: 40, weight: 4 },
    { description: 'Vải bông in hoa', hsCode: '5208.52.00', perishable: false, plantOrAnimal: false, grossKg: [10_000, 18_000], kgPerPackage: 40, weight: 2 },
    { description: 'Phân urê', hsCode: '3102.10.00', perishable: false, plantOrAnimal: false, grossKg: [28_000, 32_000], kgPerPackage: 50, weight: 3 },
    { description: 'Thép cán nóng dạng cuộn', hsCode: '7208.38.00', perishable: false, plantOrAnimal: false, grossKg: [25_000, 32_000], kgPerPackage: 8_000, weight: 3 },
    { description: 'Hạt giống rau', hsCode: '1209.91.90', perishable: false, plantOrAnimal: true, grossKg: [2_000, 6_000], kgPerPackage: 25, weight: 1 },
    { description: 'Máy biến áp điện', hsCode: '8504.23.00', perishable: false, plantOrAnimal: false, grossKg: [15_000, 28_000], kgPerPackage: 14_000, weight: 1 },
  ],
};
