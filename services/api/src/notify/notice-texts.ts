/** What a driver reads in an SMS or a push notification, in their language. */
import type { NoticeLocale } from './sms-provider.ts';

export type DriverNoticeKind = 'call-up' | 'hold' | 'release';

const TEXTS: Record<DriverNoticeKind, Record<NoticeLocale, { title: string; body: string }>> = {
  'call-up': {
    vi: { title: 'Được gọi vào làn', body: 'Xe {plate} được gọi vào {lane}. Hãy lái xe đến ngay.' },
    en: { title: 'Called to a lane', body: 'Truck {plate} is called to {lane}. Please drive there now.' },
    zh: { title: '叫号', body: '车辆 {plate} 请立即前往 {lane}。' },
  },
  hold: {
    vi: { title: 'Xe bị giữ', body: 'Xe {plate} bị giữ: {reason}' },
    en: { title: 'Truck held', body: 'Truck {plate} is held: {reason}' },
    zh: { title: '车辆被扣留', body: '车辆 {plate} 被扣留：{reason}' },
  },
  release: {
    vi: { title: 'Đã giải phóng', body: 'Xe {plate} đã được giải phóng: {reason}' },
    en: { title: 'Released', body: 'Truck {plate} is released: {reason}' },
    zh: { title: '已放行', body: '车辆 {plate} 已放行：{reason}' },
  },
};

/**
 * @example
 * noticeText('call-up', 'zh', { plate: '24C-123.45', lane: '入境 N1', reason: '' }).body; // '车辆 24C-123.45 请立即前往 入境 N1。'
 */
export function noticeText(kind: DriverNoticeKind, locale: NoticeLocale, values: { plate: string; lane: string; reason: string }): { title: string; body: string } {
  const t = TEXTS[kind][locale];
  const fill = (s: string) => s.replace(/\{(plate|lane|reason)\}/g, (_m, k: keyof typeof values) => values[k]);
  return { title: `BorderFlow · ${t.title}`, body: fill(t.body) };
}
