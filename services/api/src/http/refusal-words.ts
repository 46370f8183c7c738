/**
 * Every refusal the API words itself, in the gate's three languages. A driver, a forwarder's clerk
 * and a Hekou agent all read these on a form or in their integration logs, so a refusal is written
 * once here and the problem body picks the caller's language (Accept-Language); the English text is
 * also the error's `message`, which logs and older clients read, so it keeps its earlier wording.
 * Booking refusals have their own catalogue (booking/booking-messages.ts) because they carry a rule id.
 */
import { stateWords } from './state-words.ts';

export type Words = Readonly<Record<'vi' | 'en' | 'zh', string>>;

const w = (en: string, vi: string, zh: string): Words => ({ en, vi, zh });

/** Words naming a trip's state: each language's sentence gets that language's word (state-words.ts). */
const withState = (state: string, words: (s: Words) => Words): Words => words(stateWords(state));

export const REFUSALS = {
  // Sign-in and tokens
  signInFirst: w('Sign in first', 'Hãy đăng nhập trước', '请先登录'),
  missingBearer: w('Missing Authorization: Bearer <token> header', 'Thiếu tiêu đề Authorization: Bearer <token>', '缺少 Authorization: Bearer <token> 请求头'),
  malformedBearer: w('Authorization header must be "Bearer <token>"', 'Tiêu đề Authorization phải có dạng "Bearer <token>"', 'Authorization 请求头必须为 "Bearer <token>"'),
  needsRole: (roles: readonly string[], role: string) =>
    w(`This action needs role ${roles.join(' or ')}; you are ${role}`, `Thao tác này cần vai trò ${roles.join(' hoặc ')}; bạn là ${role}`, `此操作需要角色 ${roles.join(' 或 ')}；您的角色是 ${role}`),
  keyScopes: (permission: string, scopes: readonly string[]) =>
    w(`An API key cannot use ${permission} with scopes [${scopes.join(', ')}]`, `Khóa API với phạm vi [${scopes.join(', ')}] không được dùng ${permission}`, `范围为 [${scopes.join(', ')}] 的 API 密钥不能使用 ${permission}`),
  apiKeyRefused: w('API key is unknown, rotated or revoked', 'Khóa API không tồn tại, đã được thay hoặc đã bị thu hồi', 'API 密钥不存在、已轮换或已吊销'),
  apiKeyMalformed: w('API key is malformed (expected bfk_<prefix>_<secret>)', 'Khóa API sai định dạng (cần bfk_<prefix>_<secret>)', 'API 密钥格式错误（应为 bfk_<prefix>_<secret>）'),
  consumerKeyRefused: w('Data-consumer key is unknown or revoked', 'Khóa bên dùng dữ liệu không tồn tại hoặc đã bị thu hồi', '数据使用方密钥不存在或已吊销'),
  consumerKeyMalformed: w('Data-consumer key is malformed (expected bfd_<prefix>_<secret>)', 'Khóa bên dùng dữ liệu sai định dạng (cần bfd_<prefix>_<secret>)', '数据使用方密钥格式错误（应为 bfd_<prefix>_<secret>）'),
  displayTokenRefused: w('Display token is missing, unknown or revoked', 'Mã màn hình hiển thị bị thiếu, không tồn tại hoặc đã bị thu hồi', '显示屏令牌缺失、不存在或已吊销'),
  sessionSignedOut: w('This session has been signed out; sign in again', 'Phiên này đã đăng xuất; hãy đăng nhập lại', '此会话已退出；请重新登录'),
  accessChanged: w('Your access has changed or been revoked; sign in again', 'Quyền truy cập của bạn đã thay đổi hoặc bị thu hồi; hãy đăng nhập lại', '您的访问权限已变更或被撤销；请重新登录'),
  loginThrottled: (seconds: number) =>
    w(`Too many login attempts for this account from your address; wait ${seconds} s`, `Quá nhiều lần đăng nhập vào tài khoản này từ địa chỉ của bạn; hãy chờ ${seconds} giây`, `您的地址对该账户的登录尝试过多；请等待 ${seconds} 秒`),
  accountDisabled: w('This account is disabled; ask an administrator', 'Tài khoản này đã bị khóa; hãy liên hệ quản trị viên', '该账户已停用；请联系管理员'),
  wrongPassword: w('Wrong username or password', 'Sai tên đăng nhập hoặc mật khẩu', '用户名或密码错误'),
  accountGone: w('Your account no longer exists', 'Tài khoản của bạn không còn tồn tại', '您的账户已不存在'),
  refreshInvalid: w('Refresh token is not valid; sign in again', 'Mã làm mới không hợp lệ; hãy đăng nhập lại', '刷新令牌无效；请重新登录'),
  refreshReused: w('Refresh token was already used: the session is ended for safety; sign in again', 'Mã làm mới đã được dùng: phiên đã kết thúc để đảm bảo an toàn; hãy đăng nhập lại', '刷新令牌已被使用：为安全起见会话已结束；请重新登录'),
  tokenIncomplete: w('Token is missing its subject, role, username or session', 'Mã truy cập thiếu chủ thể, vai trò, tên đăng nhập hoặc phiên', '令牌缺少主体、角色、用户名或会话'),
  tokenExpired: w('Token has expired; refresh it or sign in again', 'Mã truy cập đã hết hạn; hãy làm mới hoặc đăng nhập lại', '令牌已过期；请刷新或重新登录'),
  tokenSignature: w('Token signature is invalid', 'Chữ ký của mã truy cập không hợp lệ', '令牌签名无效'),
  tokenClaim: (claim: string, reason: string) =>
    w(`Token is not valid here (claim "${claim}" ${reason})`, `Mã truy cập không hợp lệ tại đây (trường "${claim}" ${reason})`, `令牌在此无效（声明 "${claim}" ${reason}）`),
  tokenInvalid: (code: string) => w(`Token is invalid (${code})`, `Mã truy cập không hợp lệ (${code})`, `令牌无效（${code}）`),
  tokenMalformed: w('Token is malformed', 'Mã truy cập sai định dạng', '令牌格式错误'),
  metricsToken: w('Metrics need the bearer token (METRICS_TOKEN)', 'Số liệu giám sát cần mã bearer (METRICS_TOKEN)', '监控指标需要 bearer 令牌（METRICS_TOKEN）'),
  liveAuth: w('Send auth: { token }', 'Hãy gửi auth: { token }', '请发送 auth: { token }'),

  // Not found
  gateNotFound: (gate: string) => w(`Gate ${gate} not found`, `Không tìm thấy cửa khẩu ${gate}`, `未找到口岸 ${gate}`),
  tripNotFound: w('Trip not found', 'Không tìm thấy chuyến', '未找到行程'),
  bookingNotFound: w('Booking not found', 'Không tìm thấy lịch đặt', '未找到预约'),
  driverNotFound: w('Driver not found', 'Không tìm thấy tài xế', '未找到司机'),
  waitlistEntryNotFound: w('Waiting-list entry not found', 'Không tìm thấy vị trí trong danh sách chờ', '未找到候补记录'),
  consumerNotFound: w('Data consumer not found', 'Không tìm thấy bên dùng dữ liệu', '未找到数据使用方'),
  webhookNotFound: w('Webhook endpoint not found', 'Không tìm thấy địa chỉ webhook', '未找到 Webhook 端点'),
  userNotFound: w('User not found', 'Không tìm thấy người dùng', '未找到用户'),
  apiKeyNotFound: w('API key not found', 'Không tìm thấy khóa API', '未找到 API 密钥'),
  displayTokenNotFound: w('Display token not found', 'Không tìm thấy mã màn hình hiển thị', '未找到显示屏令牌'),
  pushSubscriptionNotFound: w('Push subscription not found', 'Không tìm thấy đăng ký thông báo đẩy', '未找到推送订阅'),
  pushDisabled: w('Web Push is not enabled on this server', 'Máy chủ này chưa bật thông báo đẩy (Web Push)', '此服务器未启用 Web 推送'),
  noQrPass: w('No trip has this QR pass', 'Không có chuyến nào có mã QR này', '没有行程使用此二维码通行证'),
  noTripForPlate: (plate: string) => w(`No registered trip for plate ${plate}`, `Không có chuyến đã đăng ký cho biển số ${plate}`, `车牌 ${plate} 没有已登记的行程`),
  noVehicle: (plate: string) => w(`No vehicle with plate ${plate} is registered`, `Chưa có xe biển số ${plate} được đăng ký`, `未登记车牌为 ${plate} 的车辆`),
  noCompany: (taxCode: string) => w(`No company with tax code ${taxCode}`, `Không có doanh nghiệp mã số thuế ${taxCode}`, `没有税号为 ${taxCode} 的企业`),
  notAuthorisedCompany: w('This company is not authorised to use the vehicle', 'Doanh nghiệp này chưa được ủy quyền sử dụng xe', '该企业未获授权使用此车辆'),
  noRoute: (method: string, path: string) => w(`No route ${method} ${path}`, `Không có đường dẫn ${method} ${path}`, `没有路由 ${method} ${path}`),
  noPolicy: (gate: string) => w(`Gate ${gate} has no published policy`, `Cửa khẩu ${gate} chưa công bố chính sách`, `口岸 ${gate} 尚未发布政策`),
  noScenario: w('No such scenario', 'Không có kịch bản này', '没有此场景'),
  noSimPolicy: w('No such policy', 'Không có chính sách này', '没有此策略'),
  simulationNotFound: (id: string) => w(`Simulation ${id} not found`, `Không tìm thấy mô phỏng ${id}`, `未找到模拟 ${id}`),
  noAdapter: (name: string) => w(`No agency adapter ${name} runs here`, `Không có bộ kết nối cơ quan ${name} chạy ở đây`, `此处未运行机构适配器 ${name}`),
  noTemplates: (names: readonly string[]) => w(`No template named ${names.join(', ')}`, `Không có mẫu tên ${names.join(', ')}`, `没有名为 ${names.join(', ')} 的模板`),

  // Trips
  wrongGate: (registered: string, asked: string) =>
    w(`This trip is registered for gate ${registered}, not ${asked}`, `Chuyến này đăng ký tại cửa khẩu ${registered}, không phải ${asked}`, `该行程登记的口岸是 ${registered}，不是 ${asked}`),
  cannotCheckIn: (state: string) =>
    withState(state, (s) => w(`This trip cannot check in: it is ${s.en}`, `Chuyến này không thể làm thủ tục vào bãi: chuyến ${s.vi}`, `该行程无法签到：当前状态为「${s.zh}」`)),
  noScheduler: (gate: string) => w(`Gate ${gate} has no scheduler in this process`, `Cửa khẩu ${gate} không có bộ điều phối trong tiến trình này`, `口岸 ${gate} 在此进程中没有调度器`),
  tooLateToCancel: (state: string) =>
    withState(state, (s) => w(`Trip can no longer be cancelled: it is ${s.en}`, `Chuyến không thể hủy nữa: chuyến ${s.vi}`, `行程已无法取消：当前状态为「${s.zh}」`)),
  driverCannotCancel: (why: string) =>
    w(`You cannot cancel this trip: ${why}. Only a gate operator can cancel it now.`, `Bạn không thể hủy chuyến này: ${why}. Giờ chỉ điều hành viên cửa khẩu mới hủy được.`, `您无法取消该行程：${why}。现在只有口岸操作员可以取消。`),
  cancelReason: w('An operator cancelling a trip must give a reason (rule reason_required)', 'Điều hành viên hủy chuyến phải nêu lý do (quy định reason_required)', '操作员取消行程必须填写原因（规则 reason_required）'),
  notOwnDriver: w("driver.phone must be the phone of one of your company's driver accounts", 'driver.phone phải là số điện thoại của một tài khoản tài xế thuộc công ty bạn', 'driver.phone 必须是贵公司某个司机账户的电话'),
  unknownGate: (gate: string) => w(`Unknown gate ${gate}`, `Cửa khẩu ${gate} không tồn tại`, `未知口岸 ${gate}`),
  notCorrectable: (state: string) =>
    withState(state, (s) =>
      w(
        `A trip can be corrected only before arrival (while registered), except its declarations while it is at the gate; this one is ${s.en}`,
        `Chỉ sửa được chuyến trước khi đến (khi chuyến mới đăng ký), riêng tờ khai được sửa khi xe đang ở cửa khẩu; chuyến này ${s.vi}`,
        `行程只能在到达前（已登记状态）更正，报关单可在车辆在口岸时更正；该行程当前状态为「${s.zh}」`,
      ),
    ),
  noCompanyForDeclaration: w(
    'Your account belongs to no company: a declaration can only be carried for its declarant',
    'Tài khoản của bạn không thuộc doanh nghiệp nào: tờ khai chỉ được chở cho người khai',
    '您的账户不属于任何企业：报关单只能由其申报人的行程携带',
  ),
  declarationOfOther: (num: string) =>
    w(`Declaration ${num} was declared by another company; only its declarant's trips can carry it`, `Tờ khai ${num} do doanh nghiệp khác khai; chỉ chuyến của người khai mới được chở`, `报关单 ${num} 由其他企业申报；只有申报人的行程可以携带`),
  declarationOnOtherTrip: (num: string, plate: string) =>
    w(
      `Declaration ${num} is already on the active trip of ${plate}; a declaration can be on one active trip only`,
      `Tờ khai ${num} đã có trên chuyến đang hoạt động của xe ${plate}; mỗi tờ khai chỉ ở trên một chuyến đang hoạt động`,
      `报关单 ${num} 已在 ${plate} 的进行中行程上；一份报关单只能在一个进行中的行程上`,
    ),
  driverCap: (max: number, active?: number) =>
    w(
      `Active-trip cap per driver: this driver${active === undefined ? ' has the most active trips allowed' : ` already has ${active} active trips`} (at most ${max}); finish or cancel one first`,
      `Giới hạn chuyến đang hoạt động mỗi tài xế: tài xế này ${active === undefined ? 'đã có số chuyến tối đa' : `đã có ${active} chuyến đang hoạt động`} (tối đa ${max}); hãy hoàn tất hoặc hủy một chuyến trước`,
      `每位司机进行中行程上限：该司机${active === undefined ? '已达允许的最多行程' : `已有 ${active} 个进行中行程`}（最多 ${max} 个）；请先完成或取消一个`,
    ),
  companyCap: (max: number, active?: number) =>
    w(
      `Active-trip cap per company: your company${active === undefined ? ' has the most active trips allowed' : ` already has ${active} active trips`} (at most ${max}); finish or cancel one first`,
      `Giới hạn chuyến đang hoạt động mỗi doanh nghiệp: công ty bạn ${active === undefined ? 'đã có số chuyến tối đa' : `đã có ${active} chuyến đang hoạt động`} (tối đa ${max}); hãy hoàn tất hoặc hủy một chuyến trước`,
      `每家企业进行中行程上限：贵公司${active === undefined ? '已达允许的最多行程' : `已有 ${active} 个进行中行程`}（最多 ${max} 个）；请先完成或取消一个`,
    ),
  notPerishable: w(
    'No cargo of this trip is under a published perishable HS heading; only such cargo can be confirmed as perishable',
    'Không có hàng nào của chuyến này thuộc nhóm HS hàng dễ hỏng đã công bố; chỉ hàng như vậy mới được xác nhận là hàng dễ hỏng',
    '该行程没有货物属于已公布的易腐 HS 品目；只有此类货物可确认为易腐',
  ),
  passEnded: (state: string) =>
    withState(state, (s) =>
      w(`This trip has ended (it is ${s.en}): its pass is no longer valid`, `Chuyến này đã kết thúc (chuyến ${s.vi}): thẻ qua cửa không còn hiệu lực`, `该行程已结束（当前状态为「${s.zh}」）：通行证已失效`),
    ),
  cursorSort: (sort: string) => w(`cursor belongs to sort=${sort}; send the same sort`, `cursor thuộc về sort=${sort}; hãy gửi cùng sort`, `cursor 属于 sort=${sort}；请使用相同的 sort`),

  // Bookings
  bookingChanged: w('The booking changed meanwhile; reload it', 'Lịch đặt vừa thay đổi; hãy tải lại', '预约已被更改；请重新加载'),
  operatorCancelReason: w('An operator cancels with a reason', 'Điều hành viên hủy phải nêu lý do', '操作员取消时须填写原因'),

  // Agencies
  heldByOther: (agency: string, reason: string) =>
    w(`This truck is held by ${agency} (${reason}); only ${agency} can release that hold`, `Xe này đang bị ${agency} giữ (${reason}); chỉ ${agency} mới được giải tỏa`, `该车辆被 ${agency} 扣留（${reason}）；只有 ${agency} 可以解除`),
  notVnaccsChannel: w('channelCode is not a VNACCS channel', 'channelCode không phải là luồng VNACCS', 'channelCode 不是 VNACCS 通道'),
  staleAmendment: (amendment: number, key: string, latest: number) =>
    w(
      `Amendment ${amendment} of declaration ${key} is older than the stored amendment ${latest}; ignored`,
      `Lần sửa ${amendment} của tờ khai ${key} cũ hơn lần sửa đã lưu ${latest}; bỏ qua`,
      `报关单 ${key} 的第 ${amendment} 次修改早于已存储的第 ${latest} 次修改；已忽略`,
    ),
  agencyPower: (message: string, agency: string, power: string) =>
    w(message, `${agency} không có quyền ${power}`, `${agency} 无权执行 ${power}`),
  lowerChannelReason: (key: string, from: string, to: string) =>
    w(
      `Lowering the channel of declaration ${key} from ${from} to ${to} needs a reason (rule reason_required)`,
      `Hạ luồng tờ khai ${key} từ ${from} xuống ${to} phải nêu lý do (quy định reason_required)`,
      `将报关单 ${key} 的通道从 ${from} 降为 ${to} 须填写原因（规则 reason_required）`,
    ),
  noAgency: w('This account speaks for no agency; ask an administrator to assign one', 'Tài khoản này không đại diện cho cơ quan nào; hãy nhờ quản trị viên gán cơ quan', '该账户不代表任何机构；请联系管理员分配'),
  otherAgency: (own: string, named: string) =>
    w(`You speak for ${own}; a decision cannot be sent as ${named}`, `Bạn đại diện cho ${own}; không được gửi quyết định dưới danh nghĩa ${named}`, `您代表 ${own}；不能以 ${named} 的名义发送决定`),
  inboundRejected: (message: string) =>
    w(message, `Cơ quan gửi một thông điệp không được chấp nhận: ${message}`, `机构发来的报文被拒绝：${message}`),
  adapterNoPoll: (name: string) => w(`Adapter ${name} does not poll`, `Bộ kết nối ${name} không chạy hỏi định kỳ`, `适配器 ${name} 不进行轮询`),
  noPolling: w('Polling does not run in this process', 'Tiến trình này không chạy hỏi định kỳ', '此进程未运行轮询'),
  onlyGateStaffFollow: w('Only operators, managers and admins may follow a whole gate', 'Chỉ điều hành viên, quản lý và quản trị viên được theo dõi toàn bộ cửa khẩu', '只有操作员、经理和管理员可以关注整个口岸'),

  // Vehicles
  onlyOwnerAuthorises: w('Only the company that owns this vehicle can authorise others to use it', 'Chỉ doanh nghiệp sở hữu xe mới được ủy quyền cho đơn vị khác sử dụng', '只有车辆所属企业可以授权他人使用'),
  alreadyOwns: w('This company already owns the vehicle', 'Doanh nghiệp này đã sở hữu xe', '该企业已拥有此车辆'),
  vehicleOfOther: (kind: 'truck' | 'trailer') =>
    w(
      `This ${kind === 'truck' ? 'vehicle' : 'trailer'} is registered to another company, which has not authorised yours to use it; ask the owner to authorise your company, or an administrator to resolve a dispute`,
      `${kind === 'truck' ? 'Xe' : 'Rơ-moóc'} này đăng ký cho doanh nghiệp khác và chưa ủy quyền cho công ty bạn; hãy nhờ chủ xe ủy quyền, hoặc quản trị viên giải quyết tranh chấp`,
      `该${kind === 'truck' ? '车辆' : '挂车'}登记在其他企业名下，且未授权贵公司使用；请联系所有者授权，或由管理员处理争议`,
    ),

  // Administration
  notOwnAccount: w('You cannot do this to your own account', 'Bạn không thể làm việc này với tài khoản của chính mình', '不能对自己的账户执行此操作'),
  agencyNeedsAgency: w('An agency account needs its agency', 'Tài khoản cơ quan phải có cơ quan', '机构账户必须指定机构'),
  onlyAgencyHasAgency: w('Only an agency account has an agency', 'Chỉ tài khoản cơ quan mới có cơ quan', '只有机构账户才有机构'),
  noCompanyId: w('No company has this id', 'Không có doanh nghiệp nào có mã này', '没有此 ID 的企业'),
  usernameTaken: (username: string) => w(`Username ${username} is taken`, `Tên đăng nhập ${username} đã được dùng`, `用户名 ${username} 已被占用`),
  agencyRoleChange: w('An agency account needs its agency: create a new agency user instead', 'Tài khoản cơ quan phải có cơ quan: hãy tạo người dùng cơ quan mới', '机构账户必须指定机构：请改为新建机构用户'),
  companyAdminKeys: w("Only the company's administrator manages its API keys", 'Chỉ quản trị viên của doanh nghiệp mới quản lý khóa API', '只有企业管理员可以管理其 API 密钥'),
  webhookCap: (max: number) =>
    w(`A company has at most ${max} webhook endpoints; delete one first`, `Mỗi doanh nghiệp có tối đa ${max} địa chỉ webhook; hãy xóa bớt một địa chỉ`, `每家企业最多 ${max} 个 Webhook 端点；请先删除一个`),
  unsafeDestination: (field: string, rule: 'private_address' | 'unresolvable', host: string) =>
    rule === 'private_address'
      ? w(
          `${field} must reach the internet: ${host} is a private, loopback or reserved address`,
          `${field} phải là địa chỉ trên Internet: ${host} là địa chỉ nội bộ, loopback hoặc dành riêng`,
          `${field} 必须是互联网地址：${host} 是私有、回环或保留地址`,
        )
      : w(`${field}: the host ${host} does not resolve`, `${field}: không phân giải được tên máy ${host}`, `${field}：无法解析主机 ${host}`),
  pushHttps: w('endpoint must be an https URL of a push service', 'endpoint phải là URL https của một dịch vụ thông báo đẩy', 'endpoint 必须是推送服务的 https URL'),

  // Windows and feeds
  fromBeforeTo: w('from must be before to', 'from phải trước to', 'from 必须早于 to'),
  windowTooLong: w('the window may be at most 31 days', 'khoảng thời gian tối đa 31 ngày', '时间范围最长 31 天'),
  feedCursor: w('cursor must be the nextCursor of a previous page of this feed', 'cursor phải là nextCursor của một trang trước của nguồn dữ liệu này', 'cursor 必须是此数据源上一页的 nextCursor'),
  provinceFeedOff: w('The province feed is not configured on this deployment', 'Nguồn dữ liệu cho tỉnh chưa được cấu hình trên hệ thống này', '此部署未配置省级数据源'),

  // Simulations
  noSimWorker: w(
    'No simulation worker has published its scenarios yet; start one (npm start runs it) and try again',
    'Chưa có tiến trình mô phỏng nào công bố kịch bản; hãy khởi động một tiến trình (npm start) rồi thử lại',
    '尚无模拟进程发布场景；请启动一个（npm start 会运行）后重试',
  ),
  simRunning: (holder: string) =>
    w(`simulation ${holder} is still running; start another when it is done`, `mô phỏng ${holder} vẫn đang chạy; hãy chạy mô phỏng khác khi nó xong`, `模拟 ${holder} 仍在运行；请在其完成后再启动`),
  simStarting: w('another simulation is starting; try again in a moment', 'một mô phỏng khác đang khởi động; hãy thử lại sau giây lát', '另一个模拟正在启动；请稍后重试'),
  simNoReport: (id: string, status: string) =>
    w(`simulation ${id} is ${status}: no report yet`, `mô phỏng ${id} đang ở trạng thái ${status}: chưa có báo cáo`, `模拟 ${id} 状态为 ${status}：尚无报告`),

  // HTTP
  staleEtag: w(
    'The resource changed since you read it (If-Match does not match its ETag); read it again and retry',
    'Dữ liệu đã thay đổi kể từ lần bạn đọc (If-Match không khớp ETag); hãy đọc lại rồi thử lại',
    '资源在您读取后已被修改（If-Match 与 ETag 不符）；请重新读取后重试',
  ),
  internal: w('Internal error', 'Lỗi hệ thống', '内部错误'),
  invalidInput: w('Invalid input', 'Dữ liệu không hợp lệ', '输入无效'),
  badPercentEncoding: w('Request path has an invalid percent-encoding', 'Đường dẫn yêu cầu có mã hóa phần trăm không hợp lệ', '请求路径的百分号编码无效'),
  bodyTooLargeKb: (kb: number) => w(`Request body is larger than ${kb} kB`, `Dữ liệu gửi lớn hơn ${kb} kB`, `请求体超过 ${kb} kB`),
  bodyTooLarge: w('Request body is too large', 'Dữ liệu gửi quá lớn', '请求体过大'),
  bodyNotJson: w('Request body is not valid JSON', 'Dữ liệu gửi không phải JSON hợp lệ', '请求体不是有效的 JSON'),
  bodyEncoding: w('Request body encoding is not supported; send UTF-8 JSON', 'Bảng mã của dữ liệu gửi không được hỗ trợ; hãy gửi JSON UTF-8', '不支持请求体的编码；请发送 UTF-8 JSON'),
  bodyUnreadable: w('Request body could not be read (corrupt or unsupported encoding)', 'Không đọc được dữ liệu gửi (hỏng hoặc bảng mã không hỗ trợ)', '无法读取请求体（已损坏或编码不受支持）'),
  methodNotAllowed: (method: string, path: string, allow: readonly string[]) =>
    w(`${method} is not allowed on ${path}; allowed: ${allow.join(', ')}`, `${method} không được phép tại ${path}; được phép: ${allow.join(', ')}`, `${path} 不允许 ${method}；允许：${allow.join(', ')}`),
  tooManyRequests: (byAccount: boolean, resetS: number) =>
    w(
      `Too many requests from ${byAccount ? 'this account' : 'this address'}; try again in ${resetS} s`,
      `Quá nhiều yêu cầu từ ${byAccount ? 'tài khoản này' : 'địa chỉ này'}; hãy thử lại sau ${resetS} giây`,
      `来自${byAccount ? '此账户' : '此地址'}的请求过多；请在 ${resetS} 秒后重试`,
    ),
  tooManyResyncs: (everyS: number, burst: number) =>
    w(`Too many resyncs; at most one per ${everyS} s after a burst of ${burst}`, `Đồng bộ lại quá nhiều; tối đa một lần mỗi ${everyS} giây sau ${burst} lần liên tiếp`, `重新同步过多；连续 ${burst} 次后每 ${everyS} 秒最多一次`),
  notAcceptable: (produces: readonly string[]) =>
    w(`This route produces ${produces.join(', ')}; the Accept header allows none of them`, `Đường dẫn này trả về ${produces.join(', ')}; tiêu đề Accept không chấp nhận định dạng nào trong số đó`, `此路由返回 ${produces.join(', ')}；Accept 请求头不接受其中任何一种`),
  /** PostgreSQL cannot store U+0000 in text: refused at the door, never a 500 from the database. */
  textNul: w('Text may not contain the NUL character (U+0000)', 'Văn bản không được chứa ký tự NUL (U+0000)', '文本不能包含 NUL 字符（U+0000）'),
  sendJson: w('Send the body as application/json', 'Hãy gửi dữ liệu dạng application/json', '请以 application/json 发送请求体'),
  idempotencyKeyFormat: w(
    'Idempotency-Key must be 1 to 255 visible ASCII characters (a UUID is a good key)',
    'Idempotency-Key phải gồm 1 đến 255 ký tự ASCII hiển thị được (nên dùng UUID)',
    'Idempotency-Key 必须为 1 到 255 个可见 ASCII 字符（建议使用 UUID）',
  ),
  idempotencyKeyReused: w(
    'This Idempotency-Key was already used for a different request; use a new key for a new request',
    'Idempotency-Key này đã được dùng cho một yêu cầu khác; hãy dùng khóa mới cho yêu cầu mới',
    '此 Idempotency-Key 已用于其他请求；新请求请使用新的键',
  ),
  idempotencyInFlight: w(
    'A request with this Idempotency-Key is still being processed; retry shortly',
    'Một yêu cầu với Idempotency-Key này vẫn đang được xử lý; hãy thử lại sau ít phút',
    '使用此 Idempotency-Key 的请求仍在处理中；请稍后重试',
  ),
  // Company live feed (live/company-feed.ts)
  companyFeedsFull: (n: number) => w(`At most ${n} live feeds of one company at a time`, `Mỗi công ty chỉ mở tối đa ${n} luồng trực tiếp cùng lúc`, `每家公司同时最多 ${n} 个实时推送`),
  companyFeedElsewhere: w('company subscriptions are served by the company feed', 'Đăng ký theo công ty do luồng của công ty phục vụ', '公司订阅由公司推送提供'),
  companyFeedForbidden: w("Only a company's administrators, dispatchers and API keys follow its trips", 'Chỉ quản trị viên, điều độ viên và khóa API của công ty được theo dõi các chuyến của công ty', '只有公司的管理员、调度员和 API 密钥可以关注其行程'),

  // Gate devices (devices/)
  deviceKeyRefused: w('Device key is missing, unknown or revoked (X-Device-Key)', 'Khóa thiết bị bị thiếu, không tồn tại hoặc đã bị thu hồi (X-Device-Key)', '设备密钥缺失、不存在或已吊销（X-Device-Key）'),
  deviceSendJson: w('Send the event as application/json', 'Hãy gửi sự kiện dạng application/json', '请以 application/json 发送事件'),
  deviceBodyNotJson: w('The body is not valid JSON', 'Nội dung không phải JSON hợp lệ', '请求体不是有效的 JSON'),
  deviceSendXml: w('Send the event as application/xml', 'Hãy gửi sự kiện dạng application/xml', '请以 application/xml 发送事件'),
  deviceBodyNotXml: w('The body is not a well-formed EventNotificationAlert XML document', 'Nội dung không phải tài liệu XML EventNotificationAlert hợp lệ', '请求体不是格式正确的 EventNotificationAlert XML 文档'),
  deviceWrongLane: (registered: string | null, lane: string) => w(
    `This device is registered for ${registered ?? 'the yard entrance'}, not lane ${lane}`,
    `Thiết bị này được đăng ký cho ${registered ?? 'cổng vào bãi'}, không phải làn ${lane}`,
    `此设备登记于${registered ?? '堆场入口'}，而非车道 ${lane}`,
  ),
  plateConfirmationNotFound: w('No such plate confirmation at this gate', 'Không có yêu cầu xác nhận biển số này tại cửa khẩu', '本口岸没有此车牌确认'),
  plateReadDecided: (status: string) => w(`This read was already ${status}`, `Lượt đọc này đã được xử lý (${status})`, `此识别记录已处理（${status}）`),
  plateNotCandidate: w('That trip is not a candidate of this read; check it in by hand instead', 'Chuyến đó không nằm trong các ứng viên của lượt đọc này; hãy làm thủ tục vào bãi bằng tay', '该行程不是此次识别的候选；请改为人工登记入场'),
  plateDecidedByOther: w('Another operator decided this read first', 'Một điều hành viên khác đã xử lý lượt đọc này trước', '另一名操作员已先处理此识别'),
  laneNotAtGate: (gate: string, lane: string) => w(`Gate ${gate} has no lane ${lane}`, `Cửa khẩu ${gate} không có làn ${lane}`, `口岸 ${gate} 没有车道 ${lane}`),
  deviceNotFound: w('Device not found', 'Không tìm thấy thiết bị', '未找到设备'),
  deviceWrongKind: (kind: string, type: string) => w(
    `A ${kind} device cannot send ${type}`,
    `Thiết bị loại ${kind} không được gửi ${type}`,
    `${kind} 类设备不能发送 ${type}`,
  ),
  signalCommandNotFound: w('No barrier or signal command with this id at this gate', 'Không có lệnh barie hay đèn tín hiệu nào với mã này tại cửa khẩu này', '此口岸没有该编号的道闸或信号灯指令'),
  signalCommandNotFailed: (status: string) => w(
    `This command is ${status}: only a command no device acknowledged is done by hand`,
    `Lệnh này đang ở trạng thái ${status}: chỉ lệnh không được thiết bị xác nhận mới làm bằng tay`,
    `此指令状态为 ${status}：只有设备未确认的指令才需人工执行`,
  ),

  // Capacity-plan what-if
  whatIfNotFound: (id: string, gate: string) => w(`What-if ${id} of gate ${gate} not found`, `Không tìm thấy mô phỏng giả định ${id} của cửa khẩu ${gate}`, `未找到口岸 ${gate} 的假设模拟 ${id}`),
} as const;

/**
 * The wording of a scheduler refusal: the scheduler explains the case in English (which lane, which
 * state), and the gate's other languages say what kind of refusal it is so the reader can act.
 */
export const SCHEDULER_REFUSALS: Record<string, Omit<Words, 'en'>> = {
  TRIP_NOT_FOUND: { vi: 'Không tìm thấy chuyến trong hàng đợi của cửa khẩu', zh: '在口岸队列中未找到该行程' },
  TRIP_ALREADY_LIVE: { vi: 'Chuyến này đã có trong hàng đợi', zh: '该行程已在队列中' },
  TRIP_WRONG_STATE: { vi: 'Chuyến không ở trạng thái cho phép thao tác này', zh: '行程当前状态不允许此操作' },
  LANE_NOT_FOUND: { vi: 'Không tìm thấy làn', zh: '未找到车道' },
  LANE_WRONG_STATE: { vi: 'Làn không ở trạng thái cho phép thao tác này', zh: '车道当前状态不允许此操作' },
  LANE_TRIP_MISMATCH: { vi: 'Làn này không phục vụ chuyến đã nêu', zh: '该车道未在服务所指行程' },
  NO_STAGES: { vi: 'Chuyến không có công đoạn kiểm tra nào', zh: '该行程没有检查环节' },
  COMMAND_ID_REUSED: { vi: 'Mã lệnh đã được dùng cho một lệnh khác', zh: '命令 ID 已用于其他命令' },
  GATE_REBUILDING: { vi: 'Cửa khẩu đang khôi phục trạng thái; hãy gửi lại cùng lệnh sau giây lát', zh: '口岸正在恢复状态；请稍后重发同一命令' },
  NOT_REPLICATED: { vi: 'Thay đổi chưa được sao lưu; hãy gửi lại cùng lệnh sau giây lát', zh: '更改尚未同步；请稍后重发同一命令' },
};
