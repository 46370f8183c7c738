/**
 * Booking refusals in the caller's language (Accept-Language: vi, zh or en). The API's other
 * refusals are worded in http/refusal-words.ts; a booking refusal also names its rule (`rule`, which
 * clients branch on) and its figures (the time a truck may come, the end of a suspension).
 */
import type { Request } from 'express';
import { AppError, type AppErrorCode } from '../app-error.ts';
import { HOUR_MS, type BookingRules, type RuleBreak } from '@borderflow/scheduler';
import { stateWords } from '../http/state-words.ts';

export type Lang = 'en' | 'vi' | 'zh';
type Params = Record<string, string | number>;

const MESSAGES: Record<string, Record<Lang, string>> = {
  slot_not_on_hour: { en: 'Slots start on the hour', vi: 'Khung giờ phải bắt đầu đúng giờ chẵn', zh: '时段须整点开始' },
  slot_in_past: { en: 'This slot has already started', vi: 'Khung giờ này đã bắt đầu', zh: '该时段已开始' },
  within_cutoff: { en: 'Bookings close {hours} h before the slot', vi: 'Không thể đặt hoặc đổi trong vòng {hours} giờ trước khung giờ', zh: '时段开始前 {hours} 小时内不能预约或改约' },
  slot_beyond_horizon: { en: 'Slots can be booked at most {days} days ahead', vi: 'Chỉ đặt trước tối đa {days} ngày', zh: '最多提前 {days} 天预约' },
  reschedules_used: { en: 'A booking can be moved at most {times} times; cancel it and book again', vi: 'Chỉ được đổi lịch tối đa {times} lần; hãy hủy và đặt lại', zh: '预约最多改约 {times} 次；请取消后重新预约' },
  same_slot: { en: 'The booking already holds this slot', vi: 'Lịch đặt đã ở khung giờ này', zh: '预约已在该时段' },
  full: { en: 'This slot is full; choose another hour or join the waiting list', vi: 'Khung giờ đã hết chỗ; chọn giờ khác hoặc vào danh sách chờ', zh: '该时段已满；请选择其他时段或排队候补' },
  no_capacity: { en: 'The gate offers no slots of this class at this hour', vi: 'Cửa khẩu không mở chỗ loại này vào giờ này', zh: '口岸该时段不提供此类时段' },
  vehicle: { en: 'This vehicle already has an active booking (one per vehicle)', vi: 'Xe này đã có một lịch đặt (mỗi xe một lịch)', zh: '该车辆已有有效预约（每车一个）' },
  driver: { en: 'This driver already has an active booking (one per driver)', vi: 'Tài xế này đã có một lịch đặt (mỗi tài xế một lịch)', zh: '该司机已有有效预约（每位司机一个）' },
  quota: { en: 'Your account holds its quota of {quota} active bookings', vi: 'Tài khoản đã giữ đủ hạn mức {quota} lịch đặt', zh: '您的账户已达 {quota} 个有效预约的上限' },
  company_quota: { en: 'Your company holds its quota of {quota} active bookings', vi: 'Công ty đã giữ đủ hạn mức {quota} lịch đặt', zh: '贵公司已达 {quota} 个有效预约的上限' },
  suspended: {
    en: 'Booking is suspended until {until}: {noShows} missed slots in {windowDays} days (rule: {limit} no-shows suspend booking for {days} days). An operator can review it.',
    vi: 'Tạm ngừng đặt lịch đến {until}: {noShows} lần vắng mặt trong {windowDays} ngày (quy định: {limit} lần vắng mặt bị tạm ngừng {days} ngày). Liên hệ điều hành viên để xem xét.',
    zh: '预约已暂停至 {until}：{windowDays} 天内 {noShows} 次未到（规则：{limit} 次未到暂停预约 {days} 天）。可联系操作员复核。',
  },
  early: { en: 'Too early for the booked slot: come from {mayComeAt}', vi: 'Đến sớm so với khung giờ đã đặt: hãy vào từ {mayComeAt}', zh: '早于预约时段：请于 {mayComeAt} 之后到达' },
  trip_booked: { en: 'This trip already has an active booking', vi: 'Chuyến này đã có lịch đặt', zh: '该行程已有有效预约' },
  trip_state: { en: 'Only a registered trip can be booked (it is {state})', vi: 'Chỉ chuyến đã đăng ký mới đặt được lịch (chuyến này {state})', zh: '只有已登记的行程可以预约（当前为「{state}」）' },
  not_active: { en: 'This booking is {state}, not active', vi: 'Lịch đặt này {state}, không còn hiệu lực', zh: '该预约状态为「{state}」，非有效' },
  not_full: { en: 'This slot still has room: book it instead of waiting', vi: 'Khung giờ vẫn còn chỗ: hãy đặt lịch thay vì chờ', zh: '该时段仍有名额：请直接预约' },
  waiting: { en: 'This trip is already on the waiting list of this slot', vi: 'Chuyến này đã có trong danh sách chờ của khung giờ này', zh: '该行程已在此时段的候补名单中' },
  too_many: { en: 'A trip may wait for at most {limit} slots at once', vi: 'Mỗi chuyến chỉ được chờ tối đa {limit} khung giờ cùng lúc', zh: '每个行程最多同时候补 {limit} 个时段' },
  has_booking: { en: 'This trip already has a booking; cancel or move it instead of waiting', vi: 'Chuyến này đã có lịch đặt; hãy hủy hoặc đổi lịch thay vì chờ', zh: '该行程已有预约；请取消或改约，无需候补' },
  expired: { en: 'The offer has expired; the slot went to the next in line', vi: 'Lời mời đã hết hạn; chỗ đã chuyển cho người tiếp theo', zh: '候补名额已过期，已转给下一位' },
  no_offer: { en: 'There is no open offer on this waiting-list place', vi: 'Không có lời mời nào đang mở cho vị trí chờ này', zh: '此候补位置没有待确认的名额' },
  not_released: { en: 'The slots of {date} open at {at}; asking earlier gains nothing', vi: 'Khung giờ ngày {date} mở lúc {at}; đặt sớm hơn không được ưu tiên', zh: '{date} 的时段于 {at} 开放；提前请求不会占先' },
  release_draw: { en: 'The slots of {date} are being released by draw: enter the draw before {drawAt} (the order is random, not first come)', vi: 'Khung giờ ngày {date} đang được phân bổ bằng bốc thăm: gửi yêu cầu trước {drawAt} (thứ tự ngẫu nhiên, không theo ai nhanh hơn)', zh: '{date} 的时段正在抽签分配：请在 {drawAt} 前参加抽签（随机顺序，非先到先得）' },
  release_closed: { en: 'The draw for {date} is over; book one of the slots left directly', vi: 'Đã bốc thăm xong ngày {date}; hãy đặt trực tiếp khung giờ còn trống', zh: '{date} 的抽签已结束；请直接预约剩余时段' },
  booking_timed_out: { en: 'Your booking took too long to confirm and was not made; try again', vi: 'Lịch đặt xác nhận quá lâu nên chưa được ghi nhận; hãy thử lại', zh: '预约确认超时，未能完成；请重试' },
  ledger_rebuilding: { en: 'Bookings are being restored after an outage; try again in a few seconds', vi: 'Đang khôi phục lịch đặt sau sự cố; hãy thử lại sau vài giây', zh: '故障后正在恢复预约数据；请几秒后重试' },
  walk_in_full: { en: 'No walk-in places left this hour; book a slot', vi: 'Hết chỗ cho xe không đặt lịch trong giờ này; hãy đặt lịch', zh: '本时段无预约车辆名额已满；请预约时段' },
};

/** Languages already negotiated, by Accept-Language header: a storm's refusals send a handful of distinct ones. */
const negotiated = new Map<string, Lang>();

/** The caller's language from Accept-Language (English when none of ours is asked for). */
export function langOf(req: Request | undefined): Lang {
  if (typeof req?.acceptsLanguages !== 'function') return 'en';
  // Only a request with headers is remembered by its header (a caller's stand-in may have none).
  const header = req.headers ? (req.headers['accept-language'] ?? '') : undefined;
  const known = header === undefined ? undefined : negotiated.get(header);
  if (known) return known;
  const got = req.acceptsLanguages('en', 'vi', 'zh');
  const lang: Lang = got === 'vi' || got === 'zh' ? got : 'en';
  if (header !== undefined) {
    if (negotiated.size >= 1000) negotiated.clear();
    negotiated.set(header, lang);
  }
  return lang;
}

/**
 * A booking refusal in the caller's language, naming the rule.
 *
 * @example throw bookingError(req, 'CONFLICT', 'full', 'slotStart');
 */
export function bookingError(req: Request | undefined, code: AppErrorCode, rule: string, field: string | null, params: Params = {}): AppError {
  const lang = langOf(req);
  const text = MESSAGES[rule]?.[lang] ?? rule;
  // A state is named in the reader's words, English too (http/state-words.ts, the server's one place
  // for them): clients branch on the refusal's `rule`, never on its text.
  const word = (k: string) => (k === 'state' ? stateWords(String(params[k]))[lang] : String(params[k] ?? ''));
  const err = new AppError(code, text.replace(/\{(\w+)\}/g, (_m, k: string) => word(k)), field);
  return Object.assign(err, { rule });
}

/**
 * A broken slot rule (the one rulebook's bookingBreak, rescheduleBreak) as a refusal with the
 * rules' figures, for booking, moving, waiting and entering a release's draw alike.
 *
 * @example const br = bookingBreak(slotStart, now, rules, -Infinity); if (br) throw slotRuleError(req, br, rules);
 */
export function slotRuleError(req: Request | undefined, br: RuleBreak, rules: BookingRules): AppError {
  return bookingError(req, 'CONFLICT', br.rule, br.field, {
    hours: rules.cutoffMs / HOUR_MS, days: rules.horizonDays, times: rules.maxReschedules,
  });
}
