/**
 * Field-format messages in the caller's language, through the real API (issue 16, item 5): a
 * table of bad inputs × vi/en/zh. Every 400 names the field and the rule; a Vietnamese or
 * Chinese answer carries no English sentence (only the field's path, codes and examples).
 */
import { describe, expect, it } from 'vitest';
import { useTestApi } from '../testing/use-test-api.ts';
import { tripRequest, uniquePhone } from '../testing/trip-fixtures.ts';

const t = useTestApi();

/** English words a translated answer must not contain (field paths and rule ids are stripped first). */
const ENGLISH = /\b(is|are|must|should|required|digits?|characters?|plate|number|invalid|format|expected|received|string|got|starts?|with|not|e\.g)\b/i;

function withoutNames(detail: string, field: string | null): string {
  return detail.replace(field ?? '\u0000', '').replace(/\([a-z_]+\)/g, '');
}

type Case = { name: string; body: () => Record<string, unknown>; field: string; rule: string; vi: RegExp; en: RegExp; zh: RegExp };

const CASES: Case[] = [
  { name: 'plate province not in use', body: () => tripRequest({ vehicle: { plate: '13C-123.45' } }), field: 'vehicle.plate', rule: 'vn_plate_province',
    vi: /mã tỉnh 13 .*không được sử dụng/, en: /province code .*got 13/, zh: /省代码 13 未启用/ },
  { name: 'plate series letter I', body: () => tripRequest({ vehicle: { plate: '24I-123.45' } }), field: 'vehicle.plate', rule: 'vn_plate_series',
    vi: /I, J, O, Q, W \(đang là I\)/, en: /never include I, J, O, Q or W, got I/, zh: /不使用 I、J、O、Q、W（当前为 I）/ },
  { name: 'phone too short', body: () => tripRequest({ driver: { fullName: 'Nguyễn Văn An', phone: '12' } }), field: 'driver.phone', rule: 'phone_format',
    vi: /8–15 chữ số/, en: /8–15 digits/, zh: /8–15 位数字/ },
  { name: 'HS code with a letter', body: () => tripRequest({ cargo: [{ description: 'Gạch men', hsCode: '08A1', packages: 1, grossKg: 10 }] }), field: 'cargo.0.hsCode', rule: 'hs_code_digits',
    vi: /mã HS chỉ gồm chữ số/, en: /digits only/, zh: /HS 编码只能包含数字/ },
  { name: 'HS chapter 98', body: () => tripRequest({ cargo: [{ description: 'Gạch men', hsCode: '98109010', packages: 1, grossKg: 10 }] }), field: 'cargo.0.hsCode', rule: 'hs_code_chapter',
    vi: /đang là 98/, en: /got 98/, zh: /当前为 98/ },
  { name: 'declaration kind', body: () => tripRequest({ declarations: ['505123456780'] }), field: 'declarations.0', rule: 'declaration_kind',
    vi: /bắt đầu bằng 1 \(nhập khẩu\) hoặc 3 \(xuất khẩu\) \(đang là 5\)/, en: /start with 1 \(import\) or 3 \(export\), got 5/, zh: /1（进口）或 3（出口）（当前为 5）/ },
  { name: 'container check digit', body: () => tripRequest({ containers: [{ number: 'CSQU3054384', seals: ['VN1'] }] }), field: 'containers.0.number', rule: 'container_check_digit',
    vi: /phải là 3$/, en: /should be 3$/, zh: /应为 3$/ },
  { name: 'missing driver name', body: () => tripRequest({ driver: { phone: uniquePhone() } as never }), field: 'driver.fullName', rule: 'required',
    vi: /^driver\.fullName là bắt buộc$/, en: /^driver\.fullName is required$/, zh: /^driver\.fullName 为必填项$/ },
  { name: 'packages not a number', body: () => tripRequest({ cargo: [{ description: 'Gạch men', hsCode: '6907.21.10', packages: 'many' as never, grossKg: 10 }] }), field: 'cargo.0.packages', rule: 'type',
    vi: /cargo\.0\.packages phải là một số/, en: /cargo\.0\.packages must be/, zh: /cargo\.0\.packages 必须是数字/ },
  { name: 'wrong direction', body: () => ({ ...tripRequest(), direction: 'sideways' }), field: 'direction', rule: 'enum',
    vi: /phải là một trong: exit, entry|phải là một trong: entry, exit/, en: /must be one of/, zh: /必须是以下之一/ },
];

describe('field-format messages in the caller\'s language', () => {
  it.each(CASES)('$name: names the field and the rule in vi, en and zh', async (c) => {
    const token = await t.token('driver1');
    const body = c.body();
    for (const lang of ['vi', 'en', 'zh'] as const) {
      const r = await t.call('POST', '/v1/trips', { token, body, headers: { 'accept-language': lang } });
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      const item = r.body.errors.find((e: { field: string }) => e.field === c.field);
      expect(item, `${lang}: ${JSON.stringify(r.body.errors)}`).toMatchObject({ field: c.field, rule: c.rule });
      expect(item.detail, lang).toMatch(c[lang]);
      if (lang !== 'en') {
        expect(withoutNames(item.detail, c.field), `${lang}: English left in "${item.detail}"`).not.toMatch(ENGLISH);
        expect(withoutNames(r.body.title, null)).not.toMatch(ENGLISH);
      }
    }
  });

  it('the lane dialog\'s rule (a pause needs a reason) comes back in the operator\'s language', async () => {
    const operator = await t.token('operator1');
    const words: Record<string, string> = {};
    for (const lang of ['vi', 'en', 'zh'] as const) {
      const r = await t.call('POST', '/v1/gates/KT/lanes/KT-N1/pause', { token: operator, body: { reason: '  ' }, headers: { 'accept-language': lang } });
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.errors[0]).toMatchObject({ field: 'reason' });
      words[lang] = r.body.errors[0].detail;
    }
    expect(words).toEqual({ vi: 'reason là bắt buộc', en: 'reason is required', zh: 'reason 为必填项' });
  });
});
