/**
 * The server's own small catalogue: the title of every error code in the gate's
 * three languages. The refusals routes raise are worded in refusal-words.ts
 * (bookings' in booking/booking-messages.ts); field-format rules in the
 * contracts' issue-words.ts, which the console shares.
 */
import type { ErrorCode } from '@borderflow/contracts';

export type Lang = 'vi' | 'en' | 'zh';

export const PROBLEM_TITLES: Record<ErrorCode, Record<Lang, string>> = {
  VALIDATION_FAILED: { en: 'Validation failed', vi: 'Dữ liệu không hợp lệ', zh: '数据校验失败' },
  UNAUTHENTICATED: { en: 'Not signed in', vi: 'Chưa đăng nhập', zh: '未登录' },
  FORBIDDEN: { en: 'Not allowed', vi: 'Không có quyền', zh: '无权操作' },
  NOT_FOUND: { en: 'Not found', vi: 'Không tìm thấy', zh: '未找到' },
  CONFLICT: { en: 'Conflict with the current state', vi: 'Xung đột với trạng thái hiện tại', zh: '与当前状态冲突' },
  LANE_WRONG_STATE: { en: 'The lane cannot do this now', vi: 'Làn không thể thực hiện lúc này', zh: '车道当前无法执行' },
  TRIP_WRONG_STATE: { en: 'The trip cannot do this now', vi: 'Chuyến không thể thực hiện lúc này', zh: '行程当前无法执行' },
  PAYLOAD_TOO_LARGE: { en: 'Request body too large', vi: 'Dữ liệu gửi quá lớn', zh: '请求体过大' },
  RATE_LIMITED: { en: 'Too many requests', vi: 'Quá nhiều yêu cầu', zh: '请求过多' },
  METHOD_NOT_ALLOWED: { en: 'Method not allowed', vi: 'Phương thức không được hỗ trợ', zh: '不支持的方法' },
  NOT_ACCEPTABLE: { en: 'Cannot produce the requested media type', vi: 'Không thể trả về định dạng được yêu cầu', zh: '无法提供所请求的格式' },
  UNSUPPORTED_MEDIA_TYPE: { en: 'Body must be JSON', vi: 'Dữ liệu gửi phải là JSON', zh: '请求体必须是 JSON' },
  PRECONDITION_FAILED: { en: 'The resource changed since you read it', vi: 'Dữ liệu đã thay đổi kể từ lần bạn đọc', zh: '资源在您读取后已被修改' },
  PRECONDITION_REQUIRED: { en: 'If-Match is required', vi: 'Cần gửi If-Match', zh: '需要 If-Match' },
  INTERNAL: { en: 'Internal error', vi: 'Lỗi hệ thống', zh: '内部错误' },
  UNAVAILABLE: { en: 'Temporarily unavailable; retry', vi: 'Tạm thời không khả dụng; hãy thử lại', zh: '暂时不可用，请重试' },
};

/**
 * The caller's language from Accept-Language (q-values honoured); English, the documentation's
 * language, when none of the three fits (also for `*`, which fetch sends by default).
 *
 * @example
 * pickLang('zh-CN,zh;q=0.9,en;q=0.8'); // 'zh'
 * pickLang(undefined); // 'en'
 */
export function pickLang(header: string | undefined): Lang {
  if (!header) return 'en';
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { lang: tag.trim().toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), i };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { lang } of ranked) if (lang === 'vi' || lang === 'en' || lang === 'zh') return lang;
  return 'en';
}
