import { describe, expect, it } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import { renderWithApp } from '../testing/render-app.tsx';
import type { Locale } from '../i18n/define-messages.ts';
import { TripForm } from './trip-form.tsx';
import { emptyDraft, splitSeals, validateCorrection, validateCreate, type TripDraft } from './trip-form-model.ts';
import { describeValue } from './revision-history.tsx';

const NOW = Date.parse('2025-06-01T01:00:00Z');

/** A complete, valid registration. */
function filled(): TripDraft {
  return {
    ...emptyDraft(NOW),
    plate: '24C-123.45',
    fullName: 'Nguyễn Văn An',
    phone: '+84 912 345 678',
    cargo: [{ description: 'Thanh long', hsCode: '0810.90.10', packages: '1200', grossKg: '18000', perishable: true, plantOrAnimal: true }],
    containers: [{ number: 'CSQU3054383', seals: 'VN123456, VN123457' }],
    declarations: ['305123456780'],
  };
}

const validate = (d: TripDraft) => validateCreate(d, 'en').errors;

function renderForm(locale: Locale, onSubmit: (d: TripDraft) => void = () => undefined) {
  return renderWithApp(<TripForm initial={filled()} mode="create" validate={validate} onSubmit={onSubmit} />, { locale });
}

function typeContainer(value: string) {
  const input = screen.getByRole('textbox', { name: /container|集装箱号/i }) as HTMLInputElement;
  fireEvent.change(input, { target: { value } });
  fireEvent.blur(input);
  return input;
}

describe('the pre-registration form', () => {
  it.each([
    ['en', 'Container number check digit should be 3'],
    ['vi', 'Chữ số kiểm tra của số container phải là 3'],
    ['zh', '集装箱号校验位应为 3'],
  ] as const)('names the broken rule in %s once the field is left', (locale, message) => {
    renderForm(locale);
    expect(screen.queryByTestId('error-containers.0.number')).toBeNull();
    const input = typeContainer('CSQU3054384');
    const error = screen.getByTestId('error-containers.0.number');
    expect(error.textContent).toBe(message);
    expect(error.getAttribute('data-rule')).toBe('container_check_digit');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toContain(error.id);
  });

  it('does not submit with an error, and submits once it is fixed', () => {
    const submitted: TripDraft[] = [];
    renderForm('en', (d) => submitted.push(d));
    typeContainer('csqu 305438 4');
    fireEvent.click(screen.getByTestId('trip-submit'));
    expect(submitted).toHaveLength(0);
    expect(screen.getByTestId('form-summary').textContent).toContain('1 fields');
    typeContainer('csqu 305438 3');
    expect(screen.queryByTestId('error-containers.0.number')).toBeNull();
    fireEvent.click(screen.getByTestId('trip-submit'));
    expect(submitted).toHaveLength(1);
    // The request is what the API's own schema makes of it: normalised identifiers.
    const { request } = validateCreate(submitted[0]!, 'en');
    expect(request?.containers[0]).toEqual({ number: 'CSQU3054383', seals: ['VN123456', 'VN123457'] });
    expect(request?.vehicle.plate).toBe('24C12345');
    expect(request?.expectedArrival).toMatch(/\+07:00$/);
  });

  it('on submit, shows every problem: empty fields as required, numbers, plates, declarations', () => {
    renderWithApp(<TripForm initial={{ ...emptyDraft(NOW), plate: '10C-123.45', declarations: ['12345'] }} mode="create" validate={validate} onSubmit={() => undefined} />, { locale: 'en' });
    fireEvent.click(screen.getByTestId('trip-submit'));
    const text = (path: string) => screen.getByTestId(`error-${path}`).textContent;
    expect(text('vehicle.plate')).toBe('Plate province code 10 is not in use');
    expect(text('driver.fullName')).toBe('This field is required');
    expect(text('cargo.0.packages')).toBe('This field is required');
    expect(text('containers.0.number')).toBe('This field is required');
    expect(text('declarations.0')).toBe('Declaration number must be exactly 12 digits, e.g. 305123456780');
    // One summary speaks for the form; each field's message is read with its field (aria-describedby).
    expect(screen.getAllByRole('alert').map((a) => a.getAttribute('data-testid'))).toEqual(['form-summary']);
    const plate = document.getElementById('f-vehicle-plate');
    expect(plate?.getAttribute('aria-describedby')).toContain('f-vehicle-plate-error');
  });

  it.each([
    ['en', '24C-123.4', 'vn_plate_grouping', 'Plate number is written 123.45 (five digits) or 1234 (four digits), e.g. 24C-123.45'],
    ['vi', '24W-123.45', 'vn_plate_series', 'Seri biển số không dùng các chữ I, J, O, Q, W (đang là W)'],
    ['zh', '云G123456', 'cn_plate_new_energy', '6 位字符的中国车牌为新能源号牌，首位或末位须为 D 或 F，例如 粤BD12345'],
  ] as const)('names the new plate rules in %s (%s)', (locale, plate, rule, message) => {
    renderWithApp(<TripForm initial={{ ...filled(), plate }} mode="create" validate={validate} onSubmit={() => undefined} />, { locale });
    fireEvent.click(screen.getByTestId('trip-submit'));
    const error = screen.getByTestId('error-vehicle.plate');
    expect(error.getAttribute('data-rule')).toBe(rule);
    expect(error.textContent).toBe(message);
  });

  it('keeps the spaces inside a seal number and splits seals on commas only, as the hint says', () => {
    expect(splitSeals('VN 123456, VN123457')).toEqual(['VN 123456', 'VN123457']);
    expect(splitSeals(' A  1 ;B2\nC3，D4、 ')).toEqual(['A 1', 'B2', 'C3', 'D4']);
    const d = filled();
    d.containers[0] = { ...d.containers[0]!, seals: 'VN 123456, VN 123457' };
    expect(validateCreate(d, 'en').request?.containers[0]?.seals).toEqual(['VN 123456', 'VN 123457']);
  });

  it('maps number rules', () => {
    const d = filled();
    d.cargo[0] = { ...d.cargo[0]!, packages: '1.5', grossKg: 'abc' };
    const errors = validateCreate(d, 'en').errors;
    expect(errors.get('cargo.0.packages')?.rule).toBe('whole');
    expect(errors.get('cargo.0.grossKg')?.rule).toBe('number');
  });

  it('reads numbers as the driver writes them: "18.000" kg in Vietnamese is eighteen thousand', () => {
    const d = filled();
    d.cargo[0] = { ...d.cargo[0]!, packages: '1.200', grossKg: '18.000' };
    expect(validateCreate(d, 'vi').request?.cargo[0]).toMatchObject({ packages: 1200, grossKg: 18000 });
    d.cargo[0] = { ...d.cargo[0]!, packages: '1,200', grossKg: '18,000.5' };
    expect(validateCreate(d, 'en').request?.cargo[0]).toMatchObject({ packages: 1200, grossKg: 18000.5 });
    expect(validateCreate(d, 'zh').request?.cargo[0]).toMatchObject({ packages: 1200, grossKg: 18000.5 });
  });
});

describe('corrections', () => {
  it('send only the sections that changed, with the reason', () => {
    const before = filled();
    const after = { ...before, containers: [{ number: 'MSCU1234566', seals: '' }] };
    const { request, changed } = validateCorrection(before, after, 'wrong box', 'en');
    expect(changed).toEqual(['containers']);
    expect(request).toEqual({ containers: [{ number: 'MSCU1234566', seals: [] }], reason: 'wrong box' });
    expect(validateCorrection(before, before, '', 'en').changed).toEqual([]);
  });

  it('say so when a trailer is removed', () => {
    const before = { ...filled(), trailerPlate: '24R-012.34' };
    const { request } = validateCorrection(before, { ...before, trailerPlate: '' }, '', 'en');
    expect(request?.vehicle).toEqual({ plate: '24C12345', trailerPlate: null });
  });
});

describe('the correction history', () => {
  it('describes changed values in a line: containers with seals, vehicles plate first, dates formatted', () => {
    expect(describeValue([{ seals: ['VN1', 'VN2'], number: 'CSQU3054383' }, { seals: [], number: 'MSCU1234566' }])).toBe('CSQU3054383 (VN1, VN2); MSCU1234566');
    expect(describeValue({ trailerPlate: '24R01234', plate: '24C12345' })).toBe('24C12345 · 24R01234');
    expect(describeValue('2025-06-01T01:30:00.000Z', () => '08:30 01/06')).toBe('08:30 01/06');
    expect(describeValue(null)).toBe('—');
  });
});
