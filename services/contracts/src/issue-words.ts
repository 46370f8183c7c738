/**
 * Every field-format message in the gate's three languages, from one catalogue: the API's 400
 * problem details (by Accept-Language) and the console's own form checks (by the UI language)
 * both word a zod issue here, so a Vietnamese driver never reads "reason is required".
 * An issue is worded from its stable rule and parameters, never from its English text: our
 * identifier checks carry `params.rule` (+ `got` / `expected`), zod's own issues their code
 * (too_small, invalid_format…) and bounds. English keeps the schemas' own messages where they
 * name the rule already (logs and older clients read them); vi and zh always come from here.
 */
import type { z } from 'zod';

export type IssueLang = 'vi' | 'en' | 'zh';
type Words = Readonly<Record<IssueLang, string>>;
type Params = Readonly<Record<string, string | number>>;

const w = (en: string, vi: string, zh: string): Words => ({ en, vi, zh });

/**
 * The text of each rule, `{name}` filled from the issue's parameters. Identifier rules are named
 * by their check (identifiers/*.ts); the generic ones by what zod's issue says.
 */
export const RULE_WORDS: Readonly<Record<string, Words>> = {
  // The subject of a generic rule shown under its own field, where no name is needed.
  this_field: w('this field', 'trường này', '此项'),
  // Generic rules (zod issue codes and bounds)
  required: w('is required', 'là bắt buộc', '为必填项'),
  number: w('must be a number', 'phải là một số', '必须是数字'),
  whole: w('must be a whole number', 'phải là số nguyên', '必须是整数'),
  text: w('must be text', 'phải là chuỗi ký tự', '必须是文本'),
  yes_no: w('must be true or false', 'phải là true hoặc false', '必须是 true 或 false'),
  list: w('must be a list', 'phải là một danh sách', '必须是列表'),
  object: w('must be an object', 'phải là một đối tượng', '必须是对象'),
  type: w('has the wrong type ({expected})', 'sai kiểu dữ liệu (cần {expected})', '类型错误（应为 {expected}）'),
  enum: w('must be one of: {values}', 'phải là một trong: {values}', '必须是以下之一：{values}'),
  unknown_field: w('unknown field', 'trường không được hỗ trợ', '未知字段'),
  too_short: w('must be at least {min} characters', 'phải có ít nhất {min} ký tự', '至少需要 {min} 个字符'),
  too_long: w('must be at most {max} characters', 'tối đa {max} ký tự', '最多 {max} 个字符'),
  too_few: w('needs at least {min} entries', 'cần ít nhất {min} mục', '至少需要 {min} 项'),
  too_many: w('may have at most {max} entries', 'tối đa {max} mục', '最多 {max} 项'),
  at_least: w('must be at least {min}', 'phải lớn hơn hoặc bằng {min}', '必须大于或等于 {min}'),
  above: w('must be more than {min}', 'phải lớn hơn {min}', '必须大于 {min}'),
  at_most: w('must be at most {max}', 'phải nhỏ hơn hoặc bằng {max}', '必须小于或等于 {max}'),
  below: w('must be less than {max}', 'phải nhỏ hơn {max}', '必须小于 {max}'),
  multiple_of: w('must be a multiple of {divisor}', 'phải là bội số của {divisor}', '必须是 {divisor} 的倍数'),
  datetime: w('must be a date and time (RFC 3339, e.g. 2026-06-15T08:30:00+07:00)', 'phải là ngày giờ (RFC 3339, ví dụ 2026-06-15T08:30:00+07:00)', '必须是日期时间（RFC 3339，例如 2026-06-15T08:30:00+07:00）'),
  date: w('must be a date YYYY-MM-DD', 'phải là ngày dạng YYYY-MM-DD', '必须是 YYYY-MM-DD 格式的日期'),
  email: w('must be an e-mail address', 'phải là địa chỉ email', '必须是电子邮件地址'),
  url: w('must be an absolute http(s) URL', 'phải là địa chỉ URL http(s) đầy đủ', '必须是完整的 http(s) URL'),
  uuid: w('must be a UUID', 'phải là mã UUID', '必须是 UUID'),
  format: w('has the wrong format', 'không đúng định dạng', '格式不正确'),
  invalid: w('is not a valid value', 'có giá trị không hợp lệ', '数值无效'),
  plain_text: w('must not contain control characters, NUL or unpaired UTF-16 surrogates', 'không được chứa ký tự điều khiển, NUL hoặc ký tự UTF-16 lẻ', '不得包含控制字符、NUL 或不成对的 UTF-16 代理项'),
  duplicate: w('{value} is listed twice', '{value} bị nhập hai lần', '{value} 重复填写'),
  empty_correction: w('nothing was changed', 'chưa có thay đổi nào', '没有任何修改'),
  exactly_one: w('give exactly one of these', 'hãy nhập đúng một trong các trường này', '请只填写其中一项'),
  datetime_range: w('must be a date and time from the year 2000 to 2099', 'phải là ngày giờ trong khoảng năm 2000 đến 2099', '必须是 2000 年至 2099 年之间的日期时间'),
  real_date: w('must be a real calendar date, e.g. 2026-12-07', 'phải là một ngày có thật trên lịch, ví dụ 2026-12-07', '必须是日历上真实存在的日期，例如 2026-12-07'),
  cursor: w('must be the nextCursor of a previous page', 'phải là giá trị nextCursor của trang trước', '必须是上一页返回的 nextCursor'),
  // Ids and names whose format is a pattern (the regex is matched in PATTERN_RULES below)
  gate_code: w('must be 2–16 upper-case letters or digits, starting with a letter, e.g. KT', 'phải gồm 2–16 chữ in hoa hoặc chữ số, bắt đầu bằng chữ cái, ví dụ KT', '必须是 2–16 位大写字母或数字，以字母开头，例如 KT'),
  lane_id: w('must be 1–32 letters, digits, _ or -, starting with an upper-case letter or digit, e.g. KT-X1', 'phải gồm 1–32 chữ cái, chữ số, _ hoặc -, bắt đầu bằng chữ in hoa hoặc chữ số, ví dụ KT-X1', '必须是 1–32 位字母、数字、_ 或 -，以大写字母或数字开头，例如 KT-X1'),
  id_chars: w('must be 1–64 letters, digits, _ or -', 'phải gồm 1–64 chữ cái, chữ số, _ hoặc -', '必须是 1–64 位字母、数字、_ 或 -'),
  id_chars_dash: w('must be 1–64 letters, digits or -', 'phải gồm 1–64 chữ cái, chữ số hoặc -', '必须是 1–64 位字母、数字或 -'),
  command_id: w('must be 8–64 characters of A–Z, a–z, 0–9, _ or -', 'phải gồm 8–64 ký tự A–Z, a–z, 0–9, _ hoặc -', '必须是 8–64 位 A–Z、a–z、0–9、_ 或 - 字符'),
  username_chars: w('may use only a–z, 0–9, ".", "_" and "-", starting with a letter or digit', 'chỉ được dùng a–z, 0–9, ".", "_" và "-", bắt đầu bằng chữ cái hoặc chữ số', '只能使用 a–z、0–9、"."、"_" 和 "-"，并以字母或数字开头'),
  slug: w('must be 1–64 characters of a–z, 0–9 and -, e.g. kim-thanh-normal', 'phải gồm 1–64 ký tự a–z, 0–9 và -, ví dụ kim-thanh-normal', '必须是 1–64 位 a–z、0–9 和 - 字符，例如 kim-thanh-normal'),
  adapter_name: w('must be 2–32 lower-case letters, digits or -, starting with a letter, e.g. vn-customs', 'phải gồm 2–32 chữ thường, chữ số hoặc -, bắt đầu bằng chữ cái, ví dụ vn-customs', '必须是 2–32 位小写字母、数字或 -，以字母开头，例如 vn-customs'),
  action_name: w('must be a dotted name such as hold.release', 'phải là tên có dấu chấm, ví dụ hold.release', '必须是带点的名称，例如 hold.release'),
  target_type: w('must be a lower-case word such as trip', 'phải là một từ viết thường, ví dụ trip', '必须是小写单词，例如 trip'),
  base64url: w('must be base64url (A–Z, a–z, 0–9, _ and -)', 'phải ở dạng base64url (A–Z, a–z, 0–9, _ và -)', '必须是 base64url 编码（A–Z、a–z、0–9、_ 和 -）'),
  idempotency_key: w('must be 1 to 255 visible ASCII characters (a UUID is a good key)', 'phải gồm 1 đến 255 ký tự ASCII nhìn thấy được (nên dùng một UUID)', '必须是 1 到 255 个可见 ASCII 字符（建议使用 UUID）'),
  no_control_chars: w('must not contain control characters', 'không được chứa ký tự điều khiển', '不得包含控制字符'),
  // Rules across fields of one request
  channel_code: w('channelCode must be 1 (green), 2 (yellow) or 3 (red), optionally followed by a letter, e.g. 3D', 'mã luồng (channelCode) phải là 1 (xanh), 2 (vàng) hoặc 3 (đỏ), có thể kèm một chữ cái, ví dụ 3D', '通道代码（channelCode）须为 1（绿）、2（黄）或 3（红），可后跟一个字母，例如 3D'),
  lane_for_lane_position: w('laneId goes with a lane camera only: a device at position "lane" needs one, any other position has none', 'chỉ camera làn mới có laneId: thiết bị ở vị trí "lane" phải có, vị trí khác thì không', '只有车道摄像头才有 laneId：位置为 "lane" 的设备必须填写，其他位置不得填写'),
  position_for_kind: w('a {kind} stands at {positions}', 'thiết bị {kind} chỉ đặt ở vị trí {positions}', '{kind} 设备只能位于 {positions}'),
  gate_only: w('is only for a gate subscription (paged snapshots and batched deltas)', 'chỉ dùng khi đăng ký theo dõi một cổng (ảnh chụp theo trang và gộp cập nhật)', '仅适用于口岸订阅（分页快照和批量更新）'),
  company_only: w('since resumes a company subscription only', 'since chỉ dùng để tiếp tục đăng ký theo dõi của công ty', 'since 仅用于恢复公司级订阅'),

  // Plates (identifiers/plate.ts, vn-plate.ts, cn-plate.ts; DESIGN.md "Identifiers")
  plate_format: w('plate must be Vietnamese (24C-123.45) or Chinese (云G12345)', 'biển số phải theo dạng Việt Nam (24C-123.45) hoặc Trung Quốc (云G12345)', '车牌须为越南格式（24C-123.45）或中国格式（云G12345）'),
  trailer_plate_format: w('trailer plate must be Vietnamese series R (24R-012.34) or Chinese (云G1234挂)', 'biển rơ-moóc phải theo dạng Việt Nam seri R (24R-012.34) hoặc Trung Quốc (云G1234挂)', '挂车车牌须为越南 R 系列（24R-012.34）或中国格式（云G1234挂）'),
  vn_plate_format: w('Vietnamese plate: 2-digit province code + series + 4–5 digits, e.g. 24C-123.45', 'biển số Việt Nam gồm mã tỉnh 2 số, seri và 4–5 số, ví dụ 24C-123.45', '越南车牌：2 位省代码 + 字母 + 4–5 位数字，例如 24C-123.45'),
  vn_plate_province: w('plate province code {got} is not in use', 'mã tỉnh {got} trên biển số không được sử dụng', '车牌省代码 {got} 未启用'),
  vn_plate_grouping: w('plate number is written 123.45 (five digits) or 1234 (four digits), e.g. 24C-123.45', 'số trên biển viết 123.45 (5 số) hoặc 1234 (4 số), ví dụ 24C-123.45', '越南车牌号码写作 123.45（5 位）或 1234（4 位），例如 24C-123.45'),
  vn_plate_series: w('plate series letters never include I, J, O, Q or W (it is {got})', 'seri biển số không dùng các chữ I, J, O, Q, W (đang là {got})', '越南车牌系列字母不使用 I、J、O、Q、W（当前为 {got}）'),
  vn_trailer_series: w('trailer plates use series R, e.g. 24R-012.34', 'biển rơ-moóc phải dùng seri R, ví dụ 24R-012.34', '越南挂车车牌使用 R 系列，例如 24R-012.34'),
  vn_truck_series_r: w('series R is for trailers: enter it as the trailer plate', 'seri R là của rơ-moóc: hãy nhập vào ô biển số rơ-moóc', 'R 系列是挂车车牌：请填入挂车车牌栏'),
  cn_plate_province: w('Chinese plates start with a province character, e.g. 云G12345', 'biển Trung Quốc phải bắt đầu bằng chữ viết tắt tỉnh, ví dụ 云G12345', '中国车牌以省份简称开头，例如 云G12345'),
  cn_plate_no_i_o: w('Chinese plates never use the letters I or O', 'biển Trung Quốc không dùng chữ I và O', '中国车牌不使用字母 I 和 O'),
  cn_plate_format: w('Chinese plate: province character + letter + 5 characters (6 for new-energy), e.g. 云G12345', 'biển Trung Quốc: chữ tỉnh + 1 chữ cái + 5 ký tự (6 với xe năng lượng mới), ví dụ 云G12345', '中国车牌：省份简称 + 字母 + 5 位字符（新能源 6 位），例如 云G12345'),
  cn_plate_new_energy: w('a Chinese plate with 6 characters is a new-energy plate and starts or ends with D or F, e.g. 粤BD12345', 'biển Trung Quốc 6 ký tự là xe năng lượng mới, phải bắt đầu hoặc kết thúc bằng D hoặc F, ví dụ 粤BD12345', '6 位字符的中国车牌为新能源号牌，首位或末位须为 D 或 F，例如 粤BD12345'),
  cn_trailer_format: w('Chinese trailer plate: province character + letter + 4 characters + 挂, e.g. 云G1234挂', 'biển rơ-moóc Trung Quốc: chữ tỉnh + 1 chữ cái + 4 ký tự + 挂, ví dụ 云G1234挂', '中国挂车车牌：省份简称 + 字母 + 4 位字符 + 挂，例如 云G1234挂'),
  cn_truck_is_trailer: w('plates ending in 挂 are trailers: enter it as the trailer plate', 'biển kết thúc bằng 挂 là rơ-moóc: hãy nhập vào ô biển số rơ-moóc', '以“挂”结尾的是挂车车牌：请填入挂车车牌栏'),

  // Containers (ISO 6346), declarations (VNACCS), HS codes, phones, tax and credit codes
  container_format: w('container number: 3-letter owner code + U, J or Z + 6 digits + check digit, e.g. CSQU3054383', 'số container gồm 3 chữ cái chủ sở hữu + U, J hoặc Z + 6 số + 1 số kiểm tra, ví dụ CSQU3054383', '集装箱号：3 位箱主代码 + U、J 或 Z + 6 位数字 + 校验位，例如 CSQU3054383'),
  container_check_digit: w('container number check digit should be {expected}', 'chữ số kiểm tra của số container phải là {expected}', '集装箱号校验位应为 {expected}'),
  declaration_format: w('declaration number must be exactly 12 digits, e.g. 305123456780', 'số tờ khai phải có đúng 12 chữ số, ví dụ 305123456780', '报关单号必须是 12 位数字，例如 305123456780'),
  declaration_kind: w('declaration number starts with 1 (import) or 3 (export) (it is {got})', 'số tờ khai phải bắt đầu bằng 1 (nhập khẩu) hoặc 3 (xuất khẩu) (đang là {got})', '报关单号首位须为 1（进口）或 3（出口）（当前为 {got}）'),
  hs_code_digits: w('HS code: digits only (dots allowed), e.g. 0810.90.10', 'mã HS chỉ gồm chữ số (có thể có dấu chấm), ví dụ 0810.90.10', 'HS 编码只能包含数字（可带点），例如 0810.90.10'),
  hs_code_length: w('HS code must be 6 digits (heading level), 8 digits (Vietnam) or 10 digits (China)', 'mã HS phải có 6 số (cấp phân nhóm), 8 số (Việt Nam) hoặc 10 số (Trung Quốc)', 'HS 编码须为 6 位（子目级）、8 位（越南）或 10 位（中国）'),
  hs_code_length_vn: w('Vietnamese HS codes have 8 digits (or the 6-digit heading)', 'mã HS Việt Nam phải có 8 số (hoặc 6 số cấp phân nhóm)', '越南 HS 编码为 8 位（或 6 位子目）'),
  hs_code_length_cn: w('Chinese HS codes have 10 digits (or the 6-digit heading)', 'mã HS Trung Quốc phải có 10 số (hoặc 6 số cấp phân nhóm)', '中国 HS 编码为 10 位（或 6 位子目）'),
  hs_code_chapter: w('HS chapter must be 01–97, not 77 (it is {got})', 'chương của mã HS phải từ 01 đến 97, trừ 77 (đang là {got})', 'HS 章号须在 01–97 之间，77 除外（当前为 {got}）'),
  phone_format: w('phone: 8–15 digits, optionally starting with +, e.g. +84 912 345 678', 'số điện thoại phải có 8–15 chữ số, có thể bắt đầu bằng +, ví dụ +84 912 345 678', '电话：8–15 位数字，可以 + 开头，例如 +84 912 345 678'),
  tax_code_format: w('tax code must be 10 digits, 13 for a branch written 0101234567-001, or a 12-digit citizen ID', 'mã số thuế phải có 10 số, 13 số với chi nhánh (0101234567-001), hoặc là số định danh cá nhân 12 số', '税号须为 10 位数字，分支机构 13 位（写作 0101234567-001），或 12 位公民身份号码'),
  tax_code_check_digit: w('tax code check digit should be {expected}', 'chữ số kiểm tra của mã số thuế phải là {expected}', '税号校验位应为 {expected}'),
  tax_code_no_check_digit: w('tax code is not valid: its first 9 digits give no possible check digit', 'mã số thuế không hợp lệ: 9 số đầu không cho chữ số kiểm tra nào', '税号无效：前 9 位无法得出校验位'),
  tax_code_branch: w('tax code branch number must be 001–999', 'số chi nhánh trong mã số thuế phải từ 001 đến 999', '税号分支编号须为 001–999'),
  tax_code_citizen_id: w('a 12-digit tax code is a citizen ID and starts with a province code 001–096 (it is {got})', 'mã số thuế 12 số là số định danh cá nhân, bắt đầu bằng mã tỉnh 001–096 (đang là {got})', '12 位税号为公民身份号码，须以省代码 001–096 开头（当前为 {got}）'),
  cn_credit_code_format: w('credit code must be 18 digits/letters (no I, O, S, V, Z), e.g. 91350100M000100Y43', 'mã tín dụng phải có 18 chữ số/chữ cái (không có I, O, S, V, Z), ví dụ 91350100M000100Y43', '统一社会信用代码须为 18 位数字或字母（不含 I、O、S、V、Z），例如 91350100M000100Y43'),
  cn_credit_code_check: w('credit code check character should be {expected}', 'ký tự kiểm tra của mã tín dụng phải là {expected}', '统一社会信用代码校验码应为 {expected}'),
};

/** A worded issue: the field it is about, its stable rule, and the text without the field's name. */
export interface WordedIssue {
  /** Dotted path, e.g. `containers.0.number`; null for the whole input. */
  field: string | null;
  rule: string;
  params: Params;
  /** The rule's text in the language asked for, e.g. "mã tỉnh 97 trên biển số không được sử dụng". */
  text: string;
}

const TYPE_RULES: Readonly<Record<string, string>> = { number: 'number', int: 'whole', string: 'text', boolean: 'yes_no', array: 'list', object: 'object' };
const FORMAT_RULES: Readonly<Record<string, string>> = { datetime: 'datetime', date: 'date', email: 'email', url: 'url', uuid: 'uuid' };

/**
 * The rule of each pattern a request schema checks with `.regex()`: zod's issue carries the pattern, not a
 * rule, so without this a vi or zh reader would get "has the wrong format". Keyed by the regex source;
 * issue-words-coverage.test.ts fails when a schema's pattern is missing here.
 */
const PATTERN_RULES: Readonly<Record<string, string>> = {
  '^[A-Z][A-Z0-9]{1,15}$': 'gate_code',
  '^[A-Z0-9][A-Za-z0-9_-]{0,31}$': 'lane_id',
  '^[A-Za-z0-9_-]{1,64}$': 'id_chars',
  '^[A-Za-z0-9-]{1,64}$': 'id_chars_dash',
  '^[A-Za-z0-9_-]{8,64}$': 'command_id',
  '^[a-z0-9][a-z0-9._-]*$': 'username_chars',
  '^[a-z0-9][a-z0-9-]{0,63}$': 'slug',
  '^[0-9a-f-]{36}$': 'uuid',
  '^\\d{4}-\\d{2}-\\d{2}$': 'date',
  '^[a-z][a-z0-9-]{1,31}$': 'adapter_name',
  '^[a-z][a-z-]{0,31}(\\.[a-z][a-z-]{0,31}){1,2}$': 'action_name',
  '^[a-z][a-z_-]{0,31}$': 'target_type',
  '^[1-9]\\d{0,18}$': 'cursor',
  '^[A-Za-z0-9_-]+={0,2}$': 'base64url',
  '^[^\\u0000-\\u001f\\u007f]*$': 'no_control_chars',
  '^[\\x21-\\x7e]{1,255}$': 'idempotency_key',
};

/** The stable rule and parameters of one zod issue (not its union: the caller picks the branch). */
export function issueRule(issue: z.core.$ZodIssue): { rule: string; params: Params } {
  const custom = (issue as { params?: Record<string, unknown> }).params;
  if (issue.code === 'custom' && typeof custom?.rule === 'string') {
    const params: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(custom)) if (k !== 'rule' && (typeof v === 'string' || typeof v === 'number')) params[k] = v;
    return { rule: custom.rule, params };
  }
  switch (issue.code) {
    case 'invalid_type':
      // Zod says "received undefined" for a missing field: that is a required field, not a type.
      if (/received undefined$/.test(issue.message)) return { rule: 'required', params: {} };
      return { rule: TYPE_RULES[issue.expected] ?? 'type', params: { expected: issue.expected } };
    case 'invalid_value':
      return { rule: 'enum', params: { values: issue.values.map(String).join(', ') } };
    case 'unrecognized_keys':
      return { rule: 'unknown_field', params: {} };
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? { rule: 'required', params: {} } : { rule: 'too_short', params: { min } };
      if (issue.origin === 'array' || issue.origin === 'set') return { rule: 'too_few', params: { min } };
      return { rule: issue.inclusive === false ? 'above' : 'at_least', params: { min } };
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return { rule: 'too_long', params: { max } };
      if (issue.origin === 'array' || issue.origin === 'set') return { rule: 'too_many', params: { max } };
      return { rule: issue.inclusive === false ? 'below' : 'at_most', params: { max } };
    }
    case 'not_multiple_of':
      return { rule: 'multiple_of', params: { divisor: Number(issue.divisor) } };
    case 'invalid_format':
      if (issue.format === 'regex' && issue.pattern !== undefined) return { rule: PATTERN_RULES[String(issue.pattern).replace(/^\/|\/[a-z]*$/g, '')] ?? 'format', params: {} };
      return { rule: FORMAT_RULES[issue.format] ?? 'format', params: {} };
    case 'invalid_union': {
      // A discriminated union whose tag matched no branch: its issue lists the tags it accepts.
      const options = (issue as { options?: readonly unknown[] }).options;
      return options && options.length > 0 ? { rule: 'enum', params: { values: options.map(String).join(', ') } } : { rule: 'invalid', params: {} };
    }
    default:
      return { rule: 'invalid', params: {} };
  }
}

/**
 * A rule's text in one language; a rule the catalogue lacks reads as "not a valid value (rule x)".
 * @example ruleText('vn_plate_province', { got: '97' }, 'vi'); // 'mã tỉnh 97 trên biển số không được sử dụng'
 */
export function ruleText(rule: string, params: Params, lang: IssueLang): string {
  const words = RULE_WORDS[rule];
  const template = words ? words[lang] : `${RULE_WORDS.invalid![lang]} (${rule})`;
  return template.replace(/\{(\w+)\}/g, (all, name: string) => (params[name] === undefined ? all : String(params[name])));
}

/** The branch of a union that got furthest: its first issue, with the union's path in front. */
function innermost(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union') return issue;
  const best = issue.errors
    .map((issues) => issues[0])
    .filter((i): i is z.core.$ZodIssue => i !== undefined)
    .sort((a, b) => b.path.length - a.path.length)[0];
  return best ? innermost({ ...best, path: [...issue.path, ...best.path] } as z.core.$ZodIssue) : issue;
}

/**
 * One zod issue in the caller's language.
 * @example
 * const r = ZCreateTripRequestSchema.safeParse(body);
 * wordIssue(r.error!.issues[0]!, 'zh'); // { field: 'vehicle.plate', rule: 'vn_plate_province', params: { got: '97' }, text: '车牌省代码 97 未启用' }
 */
export function wordIssue(issue: z.core.$ZodIssue, lang: IssueLang): WordedIssue {
  const inner = innermost(issue);
  const { rule, params } = issueRule(inner);
  const path = inner.code === 'unrecognized_keys' ? [...inner.path, inner.keys[0] ?? ''] : inner.path;
  return { field: path.length === 0 ? null : path.map(String).join('.'), rule, params, text: ruleText(rule, params, lang) };
}

/**
 * The issue as one sentence that names the field.
 * @example issueDetail(issue, 'vi'); // 'reason là bắt buộc'; 'vehicle.plate: mã tỉnh 97 trên biển số không được sử dụng'
 */
export function issueDetail(issue: z.core.$ZodIssue, lang: IssueLang, whole = 'body', label?: (field: string) => string | undefined): string {
  const { field, rule, text } = wordIssue(issue, lang);
  // A form may name the field as its label says ("Lý do"); the API names it by its path.
  const name = field === null ? whole : (label?.(field) ?? field);
  // A predicate ("là bắt buộc", "must be a number") follows the field's name; a sentence of its own after a colon.
  return PREDICATES.has(rule) ? `${name} ${text}` : `${name}: ${text}`;
}

/** Rules whose text is a predicate that needs the field (or "this field") in front. */
export const isPredicateRule = (rule: string): boolean => PREDICATES.has(rule);

const PREDICATES = new Set(['required', 'number', 'whole', 'text', 'yes_no', 'list', 'object', 'type', 'enum', 'too_short', 'too_long',
  'too_few', 'too_many', 'at_least', 'above', 'at_most', 'below', 'multiple_of', 'datetime', 'date', 'email', 'url', 'uuid', 'format',
  'invalid', 'plain_text', 'datetime_range', 'real_date', 'cursor', 'gate_code', 'lane_id', 'id_chars', 'id_chars_dash',
  'command_id', 'username_chars', 'slug', 'adapter_name', 'action_name', 'target_type', 'base64url', 'no_control_chars', 'idempotency_key']);
