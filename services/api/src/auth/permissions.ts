/**
 * The one permission table. Every HTTP route names a permission here instead of
 * listing roles itself, the Socket.IO room guards ask the same table, and the
 * RBAC matrix test reads it to know what each role must be allowed and refused.
 * Change who may do something here, and only here.
 *
 * Ownership (a driver sees only their company's trips, an agency decides only
 * as itself) is checked inside the handlers; this table says which roles may
 * try at all.
 */
import type { ApiKeyScope, PrincipalRole, Role } from '@borderflow/contracts';

/**
 * Who may call: nobody needs a token (`public`), any signed-in person (`authenticated`: a data consumer's
 * key is not a person and is refused), or the listed roles.
 */
export type Access = 'public' | 'authenticated' | readonly PrincipalRole[];

const STAFF = ['operator', 'manager', 'admin'] as const satisfies readonly Role[];
const OPERATORS = ['operator', 'admin'] as const satisfies readonly Role[];
const MANAGERS = ['manager', 'admin'] as const satisfies readonly Role[];

export const PERMISSIONS = {
  // auth
  'auth.login': 'public',
  'auth.me': 'authenticated',
  'auth.refresh': 'public',
  'auth.logout': 'authenticated',
  // user administration
  'user.list': ['admin'],
  'demo-feeder.read': ['admin'],
  'demo-feeder.write': ['admin'],
  'user.create': ['admin'],
  'user.disable': ['admin'],
  'user.enable': ['admin'],
  'user.role': ['admin'],
  'user.delete': ['admin'],
  // trips (drivers act on their own; staff on any)
  'trip.register': ['driver'],
  'trip.register-batch': ['driver'],
  'trip.list': ['driver', ...STAFF],
  'trip.read': ['driver', ...STAFF],
  'trip.correct': ['driver'],
  'trip.cancel': ['driver', ...OPERATORS],
  'trip.pass': ['driver', ...STAFF],
  'trip.revisions': ['driver', ...STAFF],
  // vehicles (a driver acts for their own company: checked in the handlers)
  'vehicle.read': ['driver', ...STAFF],
  'vehicle.authorise': ['driver', 'admin'],
  'vehicle.resolve-dispute': ['admin'],
  // a company's API keys (its administrator only: companyRole checked in the handlers)
  'apikey.list': ['driver'],
  'apikey.create': ['driver'],
  'apikey.rotate': ['driver'],
  'apikey.revoke': ['driver'],
  // yard and lanes
  'gate.check-in': OPERATORS,
  'gate.queue': STAFF,
  'gate.no-show': OPERATORS,
  'gate.release-hold': OPERATORS,
  'lane.list': STAFF,
  'lane.command': OPERATORS,
  // management
  'gate.stats': MANAGERS,
  'policy.read': 'public',
  'policy.write': ['admin'],
  'simulation.run': MANAGERS,
  'audit.read': MANAGERS,
  // agencies
  'agency.decide': ['agency'],
  'agency.webhook': 'public',
  'agency.poll': OPERATORS,
  'agency.health': STAFF,
  'agency.dead-letters': OPERATORS,
  // public
  'public.waits': 'public',
  // live rooms (Socket.IO /live)
  'live.gate': STAFF,
  'live.trip': ['driver', ...STAFF],
  // all of a company's trips, over /live `{company: true}` and GET /v1/company/live (SSE): its administrators,
  // dispatchers and API keys (companyRole checked in company-feed.ts feedCompanyOf)
  'live.company': ['driver'],
  // slot booking (a driver books for their own trips; checked in the handlers)
  'booking.create': ['driver'],
  'booking.list': ['driver'],
  'booking.reschedule': ['driver'],
  'booking.cancel': ['driver', ...OPERATORS],
  'booking.suspension': STAFF,
  'booking.waive': OPERATORS,
  'waitlist.join': ['driver'],
  'waitlist.list': ['driver'],
  'waitlist.accept': ['driver'],
  'waitlist.leave': ['driver'],
  'release.request': ['driver'],
  'release.read': ['driver'],
  'booking.stats': MANAGERS,
  'capacity-plan.read': STAFF,
  'capacity-plan.write': MANAGERS,
  // a draft plan through the simulator (a CPU-heavy job, one at a time): who may publish may try one first
  'capacity-plan.what-if': MANAGERS,
  'public.slots': 'public',
  // the yard's LED board: tokens per gate by managers; the board itself opens with a display token only
  'display-token.list': MANAGERS,
  'display-token.create': MANAGERS,
  'display-token.revoke': MANAGERS,
  'display.board': 'public',
  // a company's webhooks (its administrator only: companyRole checked in the handlers)
  'webhook.list': ['driver'],
  'webhook.create': ['driver'],
  'webhook.delete': ['driver'],
  'webhook.deliveries': ['driver'],
  'webhook.test': ['driver'],
  // Web Push: a driver subscribes and unsubscribes their own browsers (owner from the token)
  'push.key': ['driver'],
  'push.subscribe': ['driver'],
  'push.unsubscribe': ['driver'],
  // the province's data platform (LGSP / IOC): its data-consumer keys, issued by an admin, open these rows only
  'province.stats': ['data-consumer'],
  'province.events': ['data-consumer'],
  'data-consumer.list': ['admin'],
  'data-consumer.create': ['admin'],
  'data-consumer.rotate': ['admin'],
  'data-consumer.revoke': ['admin'],
  // gate devices (issue 17): a device pushes with its own key, checked in the handler so that every refused
  // message is still kept raw (no token opens these routes); operators decide doubtful reads; admins issue keys
  'device.push': 'public',
  'device.health': STAFF,
  'device.plate-confirmations': STAFF,
  'device.plate-confirm': OPERATORS,
  'device.list': ['admin'],
  'device.create': ['admin'],
  'device.revoke': ['admin'],
  // barriers, signal lights and the weighbridge on the board: staff see them; operators act by hand when a
  // device did not acknowledge (audited)
  'signal.read': STAFF,
  'signal.manual': OPERATORS,
  'weighing.read': STAFF,
} as const satisfies Record<string, Access>;

export type Permission = keyof typeof PERMISSIONS;

/** Roles the RBAC matrix test and the docs enumerate. */
export const ALL_ROLES: readonly Role[] = ['driver', 'operator', 'manager', 'admin', 'agency'];

/**
 * Whether a caller with `role` (undefined = anonymous) passes the table's gate for `permission`.
 *
 * @example
 * allows('trip.cancel', 'manager'); // false
 */
export function allows(permission: Permission, role: PrincipalRole | undefined): boolean {
  const access: Access = PERMISSIONS[permission];
  if (access === 'public') return true;
  if (role === undefined) return false;
  if (access === 'authenticated') return (ALL_ROLES as readonly PrincipalRole[]).includes(role);
  return access.includes(role);
}

/**
 * The rows an API key may reach, by scope. A key acts as its company's member
 * (role driver in the table above) and only through these rows: anything else,
 * key administration included, is refused whatever its scopes.
 */
export const SCOPE_OF: Partial<Record<Permission, ApiKeyScope>> = {
  'trip.list': 'trips:read',
  'trip.read': 'trips:read',
  'trip.revisions': 'trips:read',
  'live.company': 'trips:read',
  // Registers for one of the company's own drivers (trip-access.ts registeringDriver).
  'trip.register': 'trips:write',
  'trip.register-batch': 'trips:write',
};

/**
 * Whether an API key holding `scopes` may use `permission` (the role gate still applies).
 *
 * @example
 * allowsKey('trip.list', ['trips:read']); // true
 */
export function allowsKey(permission: Permission, scopes: readonly string[]): boolean {
  const scope = SCOPE_OF[permission];
  return scope !== undefined && scopes.includes(scope);
}
