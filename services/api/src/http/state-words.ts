/**
 * The words of a trip's and a booking's state on the server, one place per language: a refusal a
 * driver reads says "đang được gọi", never "state called". The console has its own words for its
 * screens (console/src/app/i18n/common.ts `tripState.*`); these are the server's, for refusals.
 */
import type { TripState } from '@borderflow/contracts';
import type { Words } from './refusal-words.ts';

const w = (en: string, vi: string, zh: string): Words => ({ en, vi, zh });

/** A trip's state as a predicate: "it is {en}", "chuyến {vi}", "当前{zh}". */
export const TRIP_STATE_WORDS: Readonly<Record<TripState, Words>> = {
  registered: w('registered', 'đã đăng ký', '已登记'),
  queued: w('waiting in the queue', 'đang chờ trong hàng', '排队中'),
  called: w('called to a lane', 'đã được gọi vào làn', '已叫号'),
  at_lane: w('at a lane', 'đã vào làn', '已到道'),
  inspecting: w('being inspected', 'đang được kiểm tra', '查验中'),
  held: w('held', 'bị giữ', '扣留'),
  exit_queue: w('waiting to cross', 'đang chờ qua biên', '等待过境'),
  crossed: w('crossed', 'đã qua biên', '已过境'),
  no_show: w('a no-show', 'vắng mặt khi được gọi', '未到场'),
  turned_back: w('turned back', 'bị trả về', '退回'),
  cancelled: w('cancelled', 'đã hủy', '已取消'),
};

/** A booking's own states (a booking refusal may name one, or a trip's). */
export const BOOKING_STATE_WORDS: Readonly<Record<string, Words>> = {
  active: w('active', 'còn hiệu lực', '有效'),
  pending: w('still being confirmed', 'đang được xác nhận', '确认中'),
  arrived: w('arrived', 'đã đến cửa khẩu', '已到达'),
  released: w('released', 'đã trả chỗ', '已释放'),
};

/**
 * A state in the reader's words; a state this catalogue does not know (a newer server state) reads
 * as "another state", never as its code.
 *
 * @example stateWords('called').vi; // 'đã được gọi vào làn'
 */
export function stateWords(state: string): Words {
  return (TRIP_STATE_WORDS as Readonly<Record<string, Words>>)[state] ?? BOOKING_STATE_WORDS[state] ?? w('in another state', 'ở trạng thái khác', '处于其他状态');
}

/**
 * The scheduler explains a refusal in English with its own codes ("lane KT-X1 is at_lane, cannot start
 * an inspection", "trip t1 is no_show"); an operator reading English gets words instead of the codes.
 *
 * @example wordStateCodes('lane KT-X1 is at_lane, cannot start an inspection'); // 'lane KT-X1 has a truck at it, cannot start an inspection'
 */
export function wordStateCodes(text: string): string {
  return text
    .replace(/\b(lane \S+) is at_lane\b/g, '$1 has a truck at it')
    .replace(/\b(at_lane|exit_queue|no_show|turned_back)\b/g, (code) => TRIP_STATE_WORDS[code as TripState].en);
}
