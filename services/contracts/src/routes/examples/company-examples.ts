/** Examples of the company, admin, agency, audit and simulation routes (see define-route.ts, RouteExamples). */
import type { ExamplesFor } from '../define-route.ts';
import type { ADMIN_USER_ROUTES } from '../admin-user-routes.ts';
import type { AGENCY_ROUTES } from '../agency-routes.ts';
import type { API_KEY_ROUTES } from '../api-key-routes.ts';
import type { AUDIT_ROUTES } from '../audit-routes.ts';
import type { COMPANY_FEED_ROUTES } from '../company-feed-routes.ts';
import type { SIMULATION_ROUTES } from '../simulation-routes.ts';
import type { WEBHOOK_ROUTES } from '../webhook-routes.ts';
import { EXAMPLE_IDS, EXAMPLE_TIMES } from './example-ids.ts';
import { EXAMPLE_CAPACITY_PLAN } from './gate-examples.ts';
import { ANSWERS } from './example-answers.ts';

export const API_KEY_EXAMPLES: ExamplesFor<typeof API_KEY_ROUTES> = {
  listApiKeys: { response: ANSWERS.listApiKeys },
  createApiKey: { body: { name: 'Our TMS', scopes: ['trips:read', 'trips:write'] }, response: ANSWERS.createApiKey },
  rotateApiKey: { params: { keyId: EXAMPLE_IDS.apiKey }, response: ANSWERS.rotateApiKey },
  revokeApiKey: { params: { keyId: EXAMPLE_IDS.apiKey } },
};

export const WEBHOOK_EXAMPLES: ExamplesFor<typeof WEBHOOK_ROUTES> = {
  testWebhook: { params: { endpointId: EXAMPLE_IDS.webhook }, response: ANSWERS.testWebhook },
};

/** A reconnect after seq 41: the missed messages (or a snapshot) then the live ones, as text/event-stream. */
export const COMPANY_FEED_EXAMPLES: ExamplesFor<typeof COMPANY_FEED_ROUTES> = {
  followCompanyFeed: { query: { since: 41 } },
};

export const ADMIN_USER_EXAMPLES: ExamplesFor<typeof ADMIN_USER_ROUTES> = {
  listUsers: { response: ANSWERS.listUsers },
  createUser: {
    body: { username: 'operator7', password: 'a-long-first-password', role: 'operator', displayName: 'Vũ Thị Hoa' },
    response: ANSWERS.createUser,
  },
  disableUser: { params: { userId: EXAMPLE_IDS.user }, body: { reason: 'Nghỉ việc từ 01/12' }, response: ANSWERS.disableUser },
  enableUser: { params: { userId: EXAMPLE_IDS.user }, body: { reason: 'Quay lại làm việc' }, response: ANSWERS.enableUser },
  changeUserRole: { params: { userId: EXAMPLE_IDS.user }, body: { role: 'manager' }, response: ANSWERS.changeUserRole },
  deleteUser: { params: { userId: EXAMPLE_IDS.user } },
  readDemoFeeder: { response: ANSWERS.readDemoFeeder },
  setDemoFeeder: { body: { enabled: false, reason: 'Tắt xe mô phỏng trước giờ chạy thật' }, response: ANSWERS.setDemoFeeder },
};

export const AGENCY_EXAMPLES: ExamplesFor<typeof AGENCY_ROUTES> = {
  recordAgencyDecision: {
    body: { declarationNumber: '300000000010', channelCode: '3D', inspectionModes: ['xray'], reason: 'Phân luồng đỏ: soi chiếu' },
    response: ANSWERS.recordAgencyDecision,
  },
  receiveAgencyDecisions: { params: { adapter: 'quarantine' }, response: ANSWERS.receiveAgencyDecisions },
  pollAgency: { params: { adapter: 'vn-customs' }, response: ANSWERS.pollAgency },
  agencyHealth: { response: ANSWERS.agencyHealth },
  listDeadLetters: { params: { adapter: 'vn-customs' }, query: { offset: 0, limit: 50 }, response: ANSWERS.listDeadLetters },
  redriveDeadLetters: { params: { adapter: 'vn-customs' }, body: { messageIds: [EXAMPLE_IDS.deadLetter] }, response: ANSWERS.redriveDeadLetters },
};

export const AUDIT_EXAMPLES: ExamplesFor<typeof AUDIT_ROUTES> = {
  listAudit: { query: { action: 'lane.status', gate: 'KT', limit: 50 }, response: ANSWERS.listAudit },
  exportAuditCsv: { query: { from: '2026-12-01T00:00:00+07:00', to: '2026-12-07T00:00:00+07:00' } },
};

export const SIMULATION_EXAMPLES: ExamplesFor<typeof SIMULATION_ROUTES> = {
  simulationCatalog: { response: ANSWERS.simulationCatalog },
  startSimulation: { body: { scenario: 'kim-thanh-normal', seed: 42, policies: ['default', 'fifo'] }, response: ANSWERS.startSimulation },
  readSimulation: { params: { id: EXAMPLE_IDS.simulation }, response: ANSWERS.readSimulation },
  simulationReport: { params: { id: EXAMPLE_IDS.simulation } },
  startPlanWhatIf: { params: { gate: 'KT' }, body: { plan: EXAMPLE_CAPACITY_PLAN, date: EXAMPLE_TIMES.date, share: 0.6, seed: 7 }, response: ANSWERS.startPlanWhatIf },
  readPlanWhatIf: { params: { gate: 'KT', id: EXAMPLE_IDS.simulation }, response: ANSWERS.readPlanWhatIf },
};
