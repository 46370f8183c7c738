/**
 * The fairness paragraph of the simulation report is a real sentence in vi, en and zh for every
 * case: no overtake at all, one, all explained, some unexplained, none explained. (The whole page
 * in each language is checked on a real simulated day in simulators/traffic normal-day.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { fairnessHtml } from './report-html.ts';
import { simReportLocale } from './report-words.ts';
import { simWording } from '../simulation.ts';

const facts = (comparedPairs: number, overtakes: number, unexplained: number, explainedBy: Record<string, number> = {}) =>
  ({ comparedPairs, overtakes, unexplained, explainedBy, examples: [] });
const text = (html: string) => html.replace(/<[^>]+>/g, '');

describe('the fairness sentence', () => {
  it('says there was no overtake, instead of counting zeros', () => {
    expect(text(fairnessHtml('en', facts(1, 0, 0)))).toBe('1 (called truck, waiting truck) pair compared; no truck overtook one that had waited longer. Call-ups by rule: none.');
    expect(text(fairnessHtml('vi', facts(0, 0, 0)))).toBe('Đã so sánh 0 cặp (xe được gọi, xe đang chờ); không xe nào vượt lên trước xe đã chờ lâu hơn. Lượt gọi theo quy tắc: không có.');
    expect(text(fairnessHtml('zh', facts(0, 0, 0)))).toBe('共比较 0 对（被叫号车辆，等待车辆）；没有车辆超越等待更久的车辆。按规则的叫号：无。');
  });

  it('says all overtakes are explained, in the singular and the plural', () => {
    expect(text(fairnessHtml('en', facts(3, 1, 0, { aging: 1 }), { interleave: 2 })))
      .toBe('3 (called truck, waiting truck) pairs compared; the one overtake is explained by a published rule (aging 1). None is unexplained. Call-ups by rule: interleave 2.');
    expect(text(fairnessHtml('en', facts(2500, 1200, 0, { aging: 1000, interleave: 200 }))))
      .toBe('2,500 (called truck, waiting truck) pairs compared; all 1,200 overtakes are explained by a published rule (aging 1,000, interleave 200). None is unexplained. Call-ups by rule: none.');
    expect(text(fairnessHtml('vi', facts(2500, 1200, 0, { aging: 1200 }))))
      .toBe('Đã so sánh 2.500 cặp (xe được gọi, xe đang chờ); cả 1.200 lượt vượt đều được giải thích bằng một quy tắc đã công bố (cộng dồn thời gian chờ 1.200). Không có lượt nào không giải thích được. Lượt gọi theo quy tắc: không có.');
    expect(text(fairnessHtml('zh', facts(2500, 1200, 0, { interleave: 1200 }))))
      .toBe('共比较 2,500 对（被叫号车辆，等待车辆）；全部 1,200 次超越均可由已公布的规则解释（交替 1,200）。没有无法解释的超越。按规则的叫号：无。');
  });

  it('counts the unexplained ones, and says when none is explained', () => {
    const some = fairnessHtml('en', facts(10, 3, 1, { aging: 2 }));
    expect(text(some)).toBe('10 (called truck, waiting truck) pairs compared; 3 overtakes: 2 explained by a published rule (aging 2), 1 unexplained. Call-ups by rule: none.');
    expect(some).toContain('<span class="bad">1 unexplained.</span>');
    expect(text(fairnessHtml('en', facts(10, 1, 1)))).toBe('10 (called truck, waiting truck) pairs compared; 1 overtake: none is explained by a published rule, 1 unexplained. Call-ups by rule: none.');
    expect(text(fairnessHtml('vi', facts(10, 2, 2)))).toBe('Đã so sánh 10 cặp (xe được gọi, xe đang chờ); 2 lượt vượt: không lượt nào được giải thích bằng quy tắc đã công bố, 2 lượt không giải thích được. Lượt gọi theo quy tắc: không có.');
    expect(text(fairnessHtml('zh', facts(10, 3, 1, { tie: 2 })))).toBe('共比较 10 对（被叫号车辆，等待车辆）；超越 3 次：2 次可由已公布的规则解释（同分 2），1 次无法解释。按规则的叫号：无。');
  });

  it('never writes the old garbled sentence in any language', () => {
    for (const locale of ['vi', 'en', 'zh'] as const) {
      for (const f of [facts(0, 0, 0), facts(5, 1, 0), facts(5, 4, 0), facts(5, 4, 4), facts(5, 4, 1)]) {
        expect(fairnessHtml(locale, f)).not.toMatch(/all but|\b0 unexplained|0 lượt không|0 次无法/);
      }
    }
  });

  it('reads the language from a request value, English otherwise', () => {
    expect(simReportLocale('zh-CN')).toBe('zh');
    expect(simReportLocale('vi')).toBe('vi');
    expect(simReportLocale('fr')).toBe('en');
    expect(simReportLocale(undefined)).toBe('en');
  });

  it('picks a scenario\'s or policy\'s title in the reader\'s language, English when not translated', () => {
    const item = { title: 'Peak day', description: 'About 600 trucks', translations: { vi: { title: 'Ngày cao điểm' } } };
    expect(simWording(item, 'vi')).toEqual({ title: 'Ngày cao điểm', description: 'About 600 trucks' });
    expect(simWording(item, 'zh')).toEqual({ title: 'Peak day', description: 'About 600 trucks' });
    expect(simWording({ title: 'Peak day' }, 'en')).toEqual({ title: 'Peak day', description: '' });
  });
});
