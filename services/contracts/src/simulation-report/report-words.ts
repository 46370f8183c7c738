/**
 * The words of the simulation report in the gate's three languages. Sentences with counts are
 * functions, so each language builds its own grammar: English singular/plural, and the zero and
 * "all" cases written as sentences in every language (never "all but 0 unexplained explained").
 * Numbers arrive already formatted for the language (Intl.NumberFormat); `n` is the raw count.
 */
import type { PriorityClass, Stage } from '../domain.ts';

export const SIM_REPORT_LOCALES = ['vi', 'en', 'zh'] as const;
export type SimReportLocale = (typeof SIM_REPORT_LOCALES)[number];

/** Intl locale per language (en-GB: a 24-hour clock, as at the gate). */
export const SIM_REPORT_INTL: Record<SimReportLocale, string> = { vi: 'vi-VN', en: 'en-GB', zh: 'zh-CN' };

/** A count: its raw value (for grammar) and its text in the reader's number format. */
export interface Count {
  n: number;
  text: string;
}

export interface FairnessFacts {
  pairs: Count;
  overtakes: Count;
  explained: Count;
  unexplained: Count;
  /** "aging 3, interleave 2" already localised, or '' when no overtake needed explaining. */
  rules: string;
}

export interface ReportWords {
  pageTitle: string;
  /** Between two sentences: a space, none after Chinese full-width punctuation. */
  gap: string;
  scenarioLine(p: { id: string; gate: string; date: string; hours: string; seed: string; generated: string; wall: string; perSecond: string }): string;
  demandLine(p: { trucks: string; leaving: string; open: string; close: string; channels: string; perishable: string; noShows: string; late: string; farSide: string; disruptions: string }): string;
  farSide(perDay: string): string;
  disruptions(list: string): string;
  disruption: Record<string, string>;
  realScheduler: string;
  policy: string;
  configLine(p: { interleave: string; aging: string; timeout: string; exitCap: string; entryCap: string; commands: string; events: string; wall: string }): string;
  trucksHead: readonly string[];
  throughputTitle: string;
  arrived: string;
  firstCallUps: string;
  crossed: string;
  trucksPerHour: string;
  trucks: string;
  waitsTitle: string;
  waitHead: readonly string[];
  arrivalToFirstCallUp: string;
  arrivalToCrossing: string;
  classRow(name: string): string;
  stageRow(name: string): string;
  lanesTitle: string;
  lanesHead: readonly string[];
  utilisationTitle: string;
  inspecting: string;
  heldForTruck: string;
  queuesTitle: string;
  waitingFor(stage: string): string;
  held: string;
  exitQueue: string;
  etaTitle: string;
  etaText(p: { samples: Count; p50: string; p90: string; mean: string; rel50: string; rel90: string; medianShare: string }): string;
  scatterTitle: string;
  predicted: string;
  actual: string;
  fairnessTitle: string;
  fairness(f: FairnessFacts): { text: string; unexplainedText: string };
  callUpsByRule(list: string): string;
  examplesHead: readonly string[];
  sideBySide(seed: string): string;
  crossingsByPolicy: string;
  minutes: string;
  /** Names of the scheduler's rules and of the fairness check's explanations. */
  rule: Record<string, string>;
  stage: Record<Stage, string>;
  priorityClass: Record<PriorityClass, string>;
  /** The comparison's metrics (the report JSON keeps English keys); `{class}` is filled in. */
  metric: Record<string, string>;
  unit: Record<string, string>;
  hour(h: number): string;
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

const en: ReportWords = {
  pageTitle: 'BorderFlow simulation',
  gap: ' ',
  scenarioLine: (p) => `Scenario <b>${p.id}</b>, gate ${p.gate}, ${p.date}, ${p.hours} simulated hours; seed ${p.seed};
generated ${p.generated}; ${p.wall} s wall (${p.perSecond} simulated trucks per wall-second).`,
  demandLine: (p) => `~${p.trucks} trucks/day (${p.leaving} % leaving), lanes open ${p.open}:00–${p.close}:00;
channels green/yellow/red ${p.channels}; perishables ×${p.perishable};
no-shows ${p.noShows} %, late ${p.late} %${p.farSide}${p.disruptions}.`,
  farSide: (perDay) => `; far side accepts ${perDay} per day`,
  disruptions: (list) => `; disruptions: ${list}`,
  disruption: { lane_outage: 'lane outage', customs_outage: 'customs system outage' },
  realScheduler: 'The decisions are the real scheduler\'s (Lua on Redis) in virtual time.',
  policy: 'Policy',
  configLine: (p) => `Interleave ${p.interleave}; aging ${p.aging} min;
call-up timeout ${p.timeout} min; crossing cap exit ${p.exitCap}/h, entry ${p.entryCap}/h.
${p.commands} scheduler commands, ${p.events} events, ${p.wall} s wall.`,
  trucksHead: ['trucks', 'arrived', 'crossed', 'turned back', 'dropped (no-show)', 'in the gate at the end'],
  throughputTitle: 'Throughput per hour',
  arrived: 'arrived',
  firstCallUps: 'first call-ups',
  crossed: 'crossed',
  trucksPerHour: 'trucks/hour',
  trucks: 'trucks',
  waitsTitle: 'Waits (minutes, queued → called)',
  waitHead: ['', 'call-ups', 'mean', 'p50', 'p90', 'p99', 'max'],
  arrivalToFirstCallUp: 'arrival → first call-up',
  arrivalToCrossing: 'arrival → crossing',
  classRow: (name) => `class: ${name}`,
  stageRow: (name) => `stage: ${name}`,
  lanesTitle: 'Lanes',
  lanesHead: ['lane', 'open (min)', 'inspecting (min)', 'held for a truck (min)', 'utilisation', 'inspections', 'by stage'],
  utilisationTitle: 'Lane utilisation (share of open time)',
  inspecting: 'inspecting',
  heldForTruck: 'held for a truck (called, at lane, inspecting)',
  queuesTitle: 'Queue lengths over the day',
  waitingFor: (stage) => `waiting for ${stage}`,
  held: 'held',
  exitQueue: 'exit queue',
  etaTitle: 'ETA: the scheduler\'s prediction at check-in against the actual first call-up',
  etaText: (p) => p.samples.n === 0
    ? 'No truck had to wait, so there is no ETA to check.'
    : `${p.samples.text} ${plural(p.samples.n, 'truck', 'trucks')} had to wait. |error| p50 ${p.p50} min, p90 ${p.p90} min;
mean error (predicted − actual) ${p.mean} min; relative |error| p50 ${p.rel50} %, p90 ${p.rel90} %;
median |error| / median wait ${p.medianShare} %.`,
  scatterTitle: 'Predicted wait (x) against actual wait (y), minutes',
  predicted: 'predicted (min)',
  actual: 'actual (min)',
  fairnessTitle: 'Fairness',
  fairness: ({ pairs, overtakes, explained, unexplained, rules }) => {
    const compared = `${pairs.text} (called truck, waiting truck) ${plural(pairs.n, 'pair', 'pairs')} compared`;
    if (overtakes.n === 0) return { text: `${compared}; no truck overtook one that had waited longer.`, unexplainedText: '' };
    const by = rules ? ` (${rules})` : '';
    if (unexplained.n === 0) {
      return overtakes.n === 1
        ? { text: `${compared}; the one overtake is explained by a published rule${by}.`, unexplainedText: 'None is unexplained.' }
        : { text: `${compared}; all ${overtakes.text} overtakes are explained by a published rule${by}.`, unexplainedText: 'None is unexplained.' };
    }
    const head = `${compared}; ${overtakes.text} ${plural(overtakes.n, 'overtake', 'overtakes')}: `;
    const expl = explained.n === 0 ? 'none is explained by a published rule' : `${explained.text} explained by a published rule${by}`;
    return { text: `${head}${expl},`, unexplainedText: `${unexplained.text} unexplained.` };
  },
  callUpsByRule: (list) => `Call-ups by rule: ${list || 'none'}.`,
  examplesHead: ['earlier', 'later', 'stage', 'class', 'what happened'],
  sideBySide: (seed) => `Policies side by side (same trucks, seed ${seed})`,
  crossingsByPolicy: 'Crossings per hour by policy',
  minutes: 'min',
  rule: { aging: 'aging', interleave: 'interleave', direct: 'direct', 'lane-class': 'lane serves only other classes', 'place-in-line': 'place in line', tie: 'tie' },
  stage: { gate: 'gate control', documents: 'documents', xray: 'X-ray', physical: 'physical check', quarantine: 'quarantine', weighbridge: 'weighbridge' },
  priorityClass: { perishable: 'perishable', trusted: 'trusted trader', ordinary: 'ordinary', empty_return: 'empty return', walk_in: 'walk-in (no slot)' },
  metric: {
    'trucks crossed': 'trucks crossed',
    'still in the gate at the end': 'still in the gate at the end',
    'wait to first call-up, p50': 'wait to first call-up, p50',
    'wait to first call-up, p90': 'wait to first call-up, p90',
    'time in the gate, p50': 'time in the gate, p50',
    'time in the gate, p90': 'time in the gate, p90',
    '{class} wait p50': '{class}: wait p50',
    '{class} wait p90': '{class}: wait p90',
    'ETA |error| p50': 'ETA |error| p50',
    'unexplained overtakes': 'unexplained overtakes',
  },
  unit: { trucks: 'trucks', min: 'min', count: 'count' },
  hour: (h) => `${h}h`,
};

const vi: ReportWords = {
  pageTitle: 'Mô phỏng BorderFlow',
  gap: ' ',
  scenarioLine: (p) => `Kịch bản <b>${p.id}</b>, cửa khẩu ${p.gate}, ngày ${p.date}, mô phỏng ${p.hours} giờ; hạt giống ${p.seed};
tạo lúc ${p.generated}; chạy thực ${p.wall} giây (${p.perSecond} xe mô phỏng mỗi giây thực).`,
  demandLine: (p) => `Khoảng ${p.trucks} xe/ngày (${p.leaving} % xuất cảnh), làn mở ${p.open}:00–${p.close}:00;
luồng xanh/vàng/đỏ ${p.channels}; hàng tươi sống ×${p.perishable};
xe không đến ${p.noShows} %, đến muộn ${p.late} %${p.farSide}${p.disruptions}.`,
  farSide: (perDay) => `; phía bạn nhận ${perDay} mỗi ngày`,
  disruptions: (list) => `; sự cố: ${list}`,
  disruption: { lane_outage: 'làn ngừng hoạt động', customs_outage: 'hệ thống hải quan gián đoạn' },
  realScheduler: 'Các quyết định là của bộ điều phối thật (Lua trên Redis), chạy theo thời gian ảo.',
  policy: 'Chính sách',
  configLine: (p) => `Xen kẽ ${p.interleave}; cộng dồn thời gian chờ sau ${p.aging} phút;
hạn đến làn khi được gọi ${p.timeout} phút; giới hạn qua biên xuất ${p.exitCap}/giờ, nhập ${p.entryCap}/giờ.
${p.commands} lệnh điều phối, ${p.events} sự kiện, chạy thực ${p.wall} giây.`,
  trucksHead: ['xe', 'đã đến', 'đã qua biên', 'quay đầu', 'bị loại (không đến)', 'còn trong cửa khẩu lúc kết thúc'],
  throughputTitle: 'Lưu lượng theo giờ',
  arrived: 'đã đến',
  firstCallUps: 'lượt gọi đầu tiên',
  crossed: 'đã qua biên',
  trucksPerHour: 'xe/giờ',
  trucks: 'xe',
  waitsTitle: 'Thời gian chờ (phút, từ lúc xếp hàng đến lúc được gọi)',
  waitHead: ['', 'lượt gọi', 'trung bình', 'p50', 'p90', 'p99', 'tối đa'],
  arrivalToFirstCallUp: 'đến nơi → lượt gọi đầu tiên',
  arrivalToCrossing: 'đến nơi → qua biên',
  classRow: (name) => `hạng: ${name}`,
  stageRow: (name) => `khâu: ${name}`,
  lanesTitle: 'Làn',
  lanesHead: ['làn', 'mở (phút)', 'đang kiểm tra (phút)', 'giữ cho một xe (phút)', 'tỷ lệ sử dụng', 'lượt kiểm tra', 'theo khâu'],
  utilisationTitle: 'Tỷ lệ sử dụng làn (trên thời gian mở)',
  inspecting: 'đang kiểm tra',
  heldForTruck: 'giữ cho một xe (đã gọi, tại làn, đang kiểm tra)',
  queuesTitle: 'Độ dài hàng chờ trong ngày',
  waitingFor: (stage) => `chờ ${stage}`,
  held: 'bị giữ',
  exitQueue: 'hàng chờ qua biên',
  etaTitle: 'Thời gian dự kiến: dự báo của bộ điều phối lúc vào bãi so với lượt gọi đầu tiên thực tế',
  etaText: (p) => p.samples.n === 0
    ? 'Không xe nào phải chờ, nên không có dự báo nào để kiểm tra.'
    : `${p.samples.text} xe đã phải chờ. |sai số| p50 ${p.p50} phút, p90 ${p.p90} phút;
sai số trung bình (dự báo − thực tế) ${p.mean} phút; |sai số| tương đối p50 ${p.rel50} %, p90 ${p.rel90} %;
trung vị |sai số| / trung vị thời gian chờ ${p.medianShare} %.`,
  scatterTitle: 'Thời gian chờ dự báo (x) so với thực tế (y), phút',
  predicted: 'dự báo (phút)',
  actual: 'thực tế (phút)',
  fairnessTitle: 'Công bằng',
  fairness: ({ pairs, overtakes, explained, unexplained, rules }) => {
    const compared = `Đã so sánh ${pairs.text} cặp (xe được gọi, xe đang chờ)`;
    if (overtakes.n === 0) return { text: `${compared}; không xe nào vượt lên trước xe đã chờ lâu hơn.`, unexplainedText: '' };
    const by = rules ? ` (${rules})` : '';
    if (unexplained.n === 0) {
      return overtakes.n === 1
        ? { text: `${compared}; lượt vượt duy nhất được giải thích bằng một quy tắc đã công bố${by}.`, unexplainedText: 'Không có lượt nào không giải thích được.' }
        : { text: `${compared}; cả ${overtakes.text} lượt vượt đều được giải thích bằng một quy tắc đã công bố${by}.`, unexplainedText: 'Không có lượt nào không giải thích được.' };
    }
    const expl = explained.n === 0 ? 'không lượt nào được giải thích bằng quy tắc đã công bố' : `${explained.text} lượt được giải thích bằng quy tắc đã công bố${by}`;
    return { text: `${compared}; ${overtakes.text} lượt vượt: ${expl},`, unexplainedText: `${unexplained.text} lượt không giải thích được.` };
  },
  callUpsByRule: (list) => `Lượt gọi theo quy tắc: ${list || 'không có'}.`,
  examplesHead: ['xe đến trước', 'xe được gọi trước', 'khâu', 'hạng', 'diễn biến'],
  sideBySide: (seed) => `So sánh các chính sách (cùng đoàn xe, hạt giống ${seed})`,
  crossingsByPolicy: 'Lượt qua biên mỗi giờ theo chính sách',
  minutes: 'phút',
  rule: { aging: 'cộng dồn thời gian chờ', interleave: 'xen kẽ', direct: 'gọi thẳng', 'lane-class': 'làn chỉ phục vụ hạng khác', 'place-in-line': 'thứ tự trong hàng', tie: 'đồng hạng' },
  stage: { gate: 'kiểm soát cổng', documents: 'hồ sơ', xray: 'soi chiếu', physical: 'kiểm tra thực tế', quarantine: 'kiểm dịch', weighbridge: 'cân xe' },
  priorityClass: { perishable: 'tươi sống', trusted: 'DN ưu tiên', ordinary: 'thường', empty_return: 'xe rỗng', walk_in: 'không đặt lịch' },
  metric: {
    'trucks crossed': 'xe đã qua biên',
    'still in the gate at the end': 'còn trong cửa khẩu lúc kết thúc',
    'wait to first call-up, p50': 'chờ đến lượt gọi đầu tiên, p50',
    'wait to first call-up, p90': 'chờ đến lượt gọi đầu tiên, p90',
    'time in the gate, p50': 'thời gian trong cửa khẩu, p50',
    'time in the gate, p90': 'thời gian trong cửa khẩu, p90',
    '{class} wait p50': '{class}: chờ p50',
    '{class} wait p90': '{class}: chờ p90',
    'ETA |error| p50': '|sai số| dự báo p50',
    'unexplained overtakes': 'lượt vượt không giải thích được',
  },
  unit: { trucks: 'xe', min: 'phút', count: 'lượt' },
  hour: (h) => `${h} giờ`,
};

const zh: ReportWords = {
  pageTitle: 'BorderFlow 仿真',
  gap: '',
  scenarioLine: (p) => `场景 <b>${p.id}</b>，口岸 ${p.gate}，${p.date}，仿真 ${p.hours} 小时；随机种子 ${p.seed}；
生成于 ${p.generated}；实际耗时 ${p.wall} 秒（每实际秒仿真 ${p.perSecond} 辆车）。`,
  demandLine: (p) => `约每天 ${p.trucks} 辆车（出境占 ${p.leaving} %），车道开放 ${p.open}:00–${p.close}:00；
绿/黄/红通道 ${p.channels}；生鲜 ×${p.perishable}；
未到 ${p.noShows} %，迟到 ${p.late} %${p.farSide}${p.disruptions}。`,
  farSide: (perDay) => `；对方口岸每天接收 ${perDay}`,
  disruptions: (list) => `；中断：${list}`,
  disruption: { lane_outage: '车道停用', customs_outage: '海关系统中断' },
  realScheduler: '所有决定均由真实调度器（Redis 上的 Lua）在虚拟时间中作出。',
  policy: '策略',
  configLine: (p) => `交替顺序 ${p.interleave}；等待 ${p.aging} 分钟后提升优先级；
叫号后到达时限 ${p.timeout} 分钟；通关上限 出境 ${p.exitCap}/小时，入境 ${p.entryCap}/小时。
${p.commands} 条调度指令，${p.events} 个事件，实际耗时 ${p.wall} 秒。`,
  trucksHead: ['车辆', '已到达', '已通关', '已退回', '已取消（未到）', '结束时仍在口岸'],
  throughputTitle: '每小时通行量',
  arrived: '已到达',
  firstCallUps: '首次叫号',
  crossed: '已通关',
  trucksPerHour: '辆/小时',
  trucks: '辆',
  waitsTitle: '等待时间（分钟，排队 → 叫号）',
  waitHead: ['', '叫号次数', '平均', 'p50', 'p90', 'p99', '最长'],
  arrivalToFirstCallUp: '到达 → 首次叫号',
  arrivalToCrossing: '到达 → 通关',
  classRow: (name) => `类别：${name}`,
  stageRow: (name) => `环节：${name}`,
  lanesTitle: '车道',
  lanesHead: ['车道', '开放（分钟）', '查验中（分钟）', '为车辆保留（分钟）', '利用率', '查验次数', '按环节'],
  utilisationTitle: '车道利用率（占开放时间）',
  inspecting: '查验中',
  heldForTruck: '为车辆保留（已叫号、在车道、查验中）',
  queuesTitle: '全天排队长度',
  waitingFor: (stage) => `等待${stage}`,
  held: '被扣留',
  exitQueue: '通关队列',
  etaTitle: '预计时间：调度器在入场时的预测与实际首次叫号对比',
  etaText: (p) => p.samples.n === 0
    ? '没有车辆需要等待，因此没有可核对的预测。'
    : `${p.samples.text} 辆车需要等待。|误差| p50 ${p.p50} 分钟，p90 ${p.p90} 分钟；
平均误差（预测 − 实际）${p.mean} 分钟；相对 |误差| p50 ${p.rel50} %，p90 ${p.rel90} %；
|误差| 中位数 / 等待中位数 ${p.medianShare} %。`,
  scatterTitle: '预测等待（x）与实际等待（y），分钟',
  predicted: '预测（分钟）',
  actual: '实际（分钟）',
  fairnessTitle: '公平性',
  fairness: ({ pairs, overtakes, explained, unexplained, rules }) => {
    const compared = `共比较 ${pairs.text} 对（被叫号车辆，等待车辆）`;
    if (overtakes.n === 0) return { text: `${compared}；没有车辆超越等待更久的车辆。`, unexplainedText: '' };
    const by = rules ? `（${rules}）` : '';
    if (unexplained.n === 0) {
      return overtakes.n === 1
        ? { text: `${compared}；唯一一次超越可由已公布的规则解释${by}。`, unexplainedText: '没有无法解释的超越。' }
        : { text: `${compared}；全部 ${overtakes.text} 次超越均可由已公布的规则解释${by}。`, unexplainedText: '没有无法解释的超越。' };
    }
    const expl = explained.n === 0 ? '没有一次可由已公布的规则解释' : `${explained.text} 次可由已公布的规则解释${by}`;
    return { text: `${compared}；超越 ${overtakes.text} 次：${expl}，`, unexplainedText: `${unexplained.text} 次无法解释。` };
  },
  callUpsByRule: (list) => `按规则的叫号：${list || '无'}。`,
  examplesHead: ['先到车辆', '先被叫号车辆', '环节', '类别', '经过'],
  sideBySide: (seed) => `策略对比（相同车辆，随机种子 ${seed}）`,
  crossingsByPolicy: '各策略每小时通关量',
  minutes: '分钟',
  rule: { aging: '等待加权', interleave: '交替', direct: '直接叫号', 'lane-class': '车道只服务其他类别', 'place-in-line': '排队顺序', tie: '同分' },
  stage: { gate: '卡口控制', documents: '单证审核', xray: 'X光查验', physical: '实货查验', quarantine: '检疫', weighbridge: '地磅称重' },
  priorityClass: { perishable: '生鲜', trusted: '信用企业', ordinary: '普通', empty_return: '空车返程', walk_in: '未预约' },
  metric: {
    'trucks crossed': '已通关车辆',
    'still in the gate at the end': '结束时仍在口岸',
    'wait to first call-up, p50': '至首次叫号等待 p50',
    'wait to first call-up, p90': '至首次叫号等待 p90',
    'time in the gate, p50': '在口岸时间 p50',
    'time in the gate, p90': '在口岸时间 p90',
    '{class} wait p50': '{class}：等待 p50',
    '{class} wait p90': '{class}：等待 p90',
    'ETA |error| p50': '预测 |误差| p50',
    'unexplained overtakes': '无法解释的超越',
  },
  unit: { trucks: '辆', min: '分钟', count: '次' },
  hour: (h) => `${h}时`,
};

export const SIM_REPORT_WORDS: Record<SimReportLocale, ReportWords> = { vi, en, zh };

/**
 * Reads a requested language; anything unknown means English (the report's original language).
 *
 * @example
 * simReportLocale('zh-CN'); // 'zh'
 */
export function simReportLocale(value: string | null | undefined): SimReportLocale {
  const base = (value ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  return (SIM_REPORT_LOCALES as readonly string[]).includes(base) ? (base as SimReportLocale) : 'en';
}
