// The board's words, Vietnamese first (the language of the gate booth), with
// English for visiting staff and auditors. Keys are stable; a missing English
// word falls back to Vietnamese, a missing key shows the key itself.

/** @typedef {'vi' | 'en'} Lang */

/** @type {Record<Lang, Record<string, string>>} */
export const DICTIONARY = {
  vi: {
    'app.title': 'BorderFlow — Bảng điều phối làn',
    'app.gate': 'Cửa khẩu Kim Thành (KT)',
    'lang.toggle': 'English',
    'login.title': 'Đăng nhập cán bộ điều hành',
    'login.username': 'Tên đăng nhập',
    'login.password': 'Mật khẩu',
    'login.submit': 'Đăng nhập',
    'login.busy': 'Đang đăng nhập…',
    'login.failed': 'Đăng nhập thất bại',
    'login.network': 'Không kết nối được máy chủ',
    'login.wrong': 'Sai tên đăng nhập hoặc mật khẩu',
    'login.rateLimited': 'Đăng nhập sai quá nhiều lần, vui lòng thử lại sau ít phút',
    'logout': 'Đăng xuất',
    'conn.connecting': 'Đang kết nối',
    'conn.connected': 'Đã kết nối',
    'conn.reconnecting': 'Đang kết nối lại',
    'conn.recovered': 'Đã khôi phục',
    'conn.resynced': 'Đã đồng bộ lại',
    'conn.offline': 'Mất kết nối',
    'error.noClient': 'Không tải được thư viện Socket.IO từ máy chủ',
    'error.session': 'Phiên đăng nhập hết hạn hoặc không có quyền xem cửa khẩu',
    'summary.queues': 'Hàng chờ theo công đoạn',
    'summary.exitQueue': 'Chờ qua biên',
    'summary.held': 'Đang bị giữ',
    'summary.seq': 'Sự kiện #',
    'lane.current': 'Xe hiện tại',
    'lane.none': 'Không có xe',
    'lane.next': 'Xe kế tiếp',
    'lane.noneWaiting': 'Không có xe chờ',
    'lane.inLane': 'Trong làn',
    'lane.expected': 'dự kiến',
    'lane.waited': 'đã chờ',
    'lane.serves': 'Phục vụ',
    'lane.perishableOnly': 'Chỉ hàng tươi sống',
    'dir.exit': 'Xuất cảnh → TQ',
    'dir.entry': 'Nhập cảnh ← TQ',
    'status.open': 'Mở',
    'status.paused': 'Tạm dừng',
    'status.closed': 'Đóng',
    'status.maintenance': 'Bảo trì',
    'occ.idle': 'Trống',
    'occ.called': 'Đã gọi xe',
    'occ.at_lane': 'Xe đã vào làn',
    'occ.inspecting': 'Đang kiểm tra',
    'stage.gate': 'Kiểm soát cổng',
    'stage.documents': 'Hồ sơ',
    'stage.xray': 'Soi chiếu',
    'stage.physical': 'Kiểm tra thực tế',
    'stage.quarantine': 'Kiểm dịch',
    'stage.weighbridge': 'Cân xe',
    'class.perishable': 'Tươi sống',
    'class.trusted': 'DN ưu tiên',
    'class.ordinary': 'Thường',
    'class.empty_return': 'Xe rỗng',
    'unit.min': 'phút',
  },
  en: {
    'app.title': 'BorderFlow — Lane board',
    'app.gate': 'Kim Thành border gate (KT)',
    'lang.toggle': 'Tiếng Việt',
    'login.title': 'Operator sign-in',
    'login.username': 'Username',
    'login.password': 'Password',
    'login.submit': 'Sign in',
    'login.busy': 'Signing in…',
    'login.failed': 'Sign-in failed',
    'login.network': 'Cannot reach the server',
    'login.wrong': 'Wrong username or password',
    'login.rateLimited': 'Too many attempts, please try again in a few minutes',
    'logout': 'Sign out',
    'conn.connecting': 'Connecting',
    'conn.connected': 'Connected',
    'conn.reconnecting': 'Reconnecting',
    'conn.recovered': 'Recovered',
    'conn.resynced': 'Resynced',
    'conn.offline': 'Offline',
    'error.noClient': 'Could not load the Socket.IO client from the server',
    'error.session': 'Session expired or not allowed to watch this gate',
    'summary.queues': 'Queues by stage',
    'summary.exitQueue': 'Waiting to cross',
    'summary.held': 'Held',
    'summary.seq': 'Event #',
    'lane.current': 'Current truck',
    'lane.none': 'No truck',
    'lane.next': 'Next in line',
    'lane.noneWaiting': 'Nobody waiting',
    'lane.inLane': 'In lane',
    'lane.expected': 'expected',
    'lane.waited': 'waited',
    'lane.serves': 'Serves',
    'lane.perishableOnly': 'Perishables only',
    'dir.exit': 'Exit → China',
    'dir.entry': 'Entry ← China',
    'status.open': 'Open',
    'status.paused': 'Paused',
    'status.closed': 'Closed',
    'status.maintenance': 'Maintenance',
    'occ.idle': 'Idle',
    'occ.called': 'Truck called',
    'occ.at_lane': 'Truck at lane',
    'occ.inspecting': 'Inspecting',
    'stage.gate': 'Gate control',
    'stage.documents': 'Documents',
    'stage.xray': 'X-ray',
    'stage.physical': 'Physical check',
    'stage.quarantine': 'Quarantine',
    'stage.weighbridge': 'Weighbridge',
    'class.perishable': 'Perishable',
    'class.trusted': 'Trusted trader',
    'class.ordinary': 'Ordinary',
    'class.empty_return': 'Empty return',
    'unit.min': 'min',
  },
};

/**
 * Looks a word up: the language's own, then Vietnamese, then the key.
 *
 * @example
 * translate('en', 'stage.xray'); // "X-ray"
 * @param {Lang} lang
 * @param {string} key
 * @returns {string}
 */
export function translate(lang, key) {
  return DICTIONARY[lang][key] ?? DICTIONARY.vi[key] ?? key;
}

/**
 * Reads a stored language choice; anything unknown means Vietnamese.
 *
 * @example
 * parseLang('en'); // "en"
 * parseLang(null); // "vi"
 * @param {string | null | undefined} value
 * @returns {Lang}
 */
export function parseLang(value) {
  return value === 'en' ? 'en' : 'vi';
}
