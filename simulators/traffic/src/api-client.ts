/**
 * The feeder's client of the BorderFlow HTTP API, signed in as one user: the typed
 * @borderflow/client (routes from the contracts' table) plus sign-in on first use and
 * again once when a token expires (401). Errors are the client's {@link ApiError}.
 */
import { ApiError, ROUTES, createClient, type BorderFlowClient } from '@borderflow/client';
import type { AgencyDecisionRequest, CreateTripRequestInput, InspectionOutcome, LoginResponse, RouteResponse, Trip } from '@borderflow/contracts';

export { ApiError };

/** Answer of an operator command (arrive, start, complete, no-show…). */
export type CommandResponse = RouteResponse<typeof ROUTES.markNoShow>;
export type LanesResponse = RouteResponse<typeof ROUTES.listLanes>;
export type CheckInResponse = RouteResponse<typeof ROUTES.checkIn>;

export interface ApiClientOptions {
  baseUrl: string;
  username: string;
  password: string;
  /** Per-request timeout, ms (default 10 s): a stuck request must not stall a simulator forever. */
  timeoutMs?: number;
}

/**
 * @example
 * const operator = new ApiClient({ baseUrl: 'http://127.0.0.1:3000', username: 'operator1', password: 'demo' });
 * const { lanes } = await operator.lanes('KT');
 */
export class ApiClient {
  private token: string | null = null;
  private signingIn: Promise<LoginResponse> | null = null;
  private readonly http: BorderFlowClient;
  private readonly anonymous: BorderFlowClient;

  constructor(private readonly options: ApiClientOptions) {
    const common = { baseUrl: options.baseUrl, timeoutMs: options.timeoutMs ?? 10_000 };
    this.anonymous = createClient(common);
    this.http = createClient({ ...common, token: () => this.token, renewToken: async () => (await this.login()).token });
  }

  get username(): string {
    return this.options.username;
  }

  /** Signs in (again) and keeps the token. Concurrent callers share one request. */
  login(): Promise<LoginResponse> {
    this.signingIn ??= this.anonymous
      .call(ROUTES.login, { body: { username: this.options.username, password: this.options.password } })
      .then((res) => {
        this.token = res.token;
        return res;
      })
      .finally(() => {
        this.signingIn = null;
      });
    return this.signingIn;
  }

  /** The typed client as the signed-in user (signs in first if needed). */
  async signedIn(): Promise<BorderFlowClient> {
    if (!this.token) await this.login();
    return this.http;
  }

  async createTrip(body: CreateTripRequestInput): Promise<Trip> {
    return (await this.signedIn()).call(ROUTES.registerTrip, { body });
  }

  /** Books a slot for one of this user's trips, as any driver does (the API applies every rule and quota). */
  async bookSlot(tripId: string, slotStart: number): Promise<RouteResponse<typeof ROUTES.bookSlot>> {
    return (await this.signedIn()).call(ROUTES.bookSlot, { body: { tripId, slotStart: new Date(slotStart).toISOString() } });
  }

  /** Cancels one of this user's bookings: the slot is free again at once. */
  async cancelBooking(bookingId: string, reason: string): Promise<RouteResponse<typeof ROUTES.cancelBooking>> {
    return (await this.signedIn()).call(ROUTES.cancelBooking, { params: { bookingId }, body: { reason } });
  }

  /** Cancels one of this user's trips (a truck that will not come after all). */
  async cancelTrip(tripId: string, reason: string): Promise<Trip> {
    return (await this.signedIn()).call(ROUTES.cancelTrip, { params: { tripId }, body: { reason } });
  }

  /** The gate's free slots of a local date, from the public feed (no sign-in). */
  async publicSlots(gate: string, date: string): Promise<RouteResponse<typeof ROUTES.publicSlots>> {
    return this.anonymous.call(ROUTES.publicSlots, { params: { gate }, query: { date } });
  }

  /** `confirmPerishable`: the operator has seen the perishable cargo (counts only for listed HS headings). */
  async checkIn(gate: string, plate: string, commandId: string, confirmPerishable = false): Promise<CheckInResponse> {
    return (await this.signedIn()).call(ROUTES.checkIn, { params: { gate }, body: { plate, commandId, ...(confirmPerishable ? { confirmPerishable } : {}) } });
  }

  async agencyDecision(body: AgencyDecisionRequest): Promise<unknown> {
    return (await this.signedIn()).call(ROUTES.recordAgencyDecision, { body });
  }

  async lanes(gate: string): Promise<LanesResponse> {
    return (await this.signedIn()).call(ROUTES.listLanes, { params: { gate } });
  }

  async arrive(gate: string, laneId: string, tripId: string, commandId: string): Promise<CommandResponse> {
    return (await this.signedIn()).call(ROUTES.arriveAtLane, { params: { gate, laneId }, body: { tripId, commandId } });
  }

  async start(gate: string, laneId: string, tripId: string, commandId: string): Promise<CommandResponse> {
    return (await this.signedIn()).call(ROUTES.startInspection, { params: { gate, laneId }, body: { tripId, commandId } });
  }

  async complete(gate: string, laneId: string, tripId: string, outcome: InspectionOutcome, commandId: string, note?: string): Promise<CommandResponse> {
    return (await this.signedIn()).call(ROUTES.completeInspection, {
      params: { gate, laneId },
      body: { tripId, outcome, commandId, ...(note ? { note } : {}) },
    });
  }

  async noShow(gate: string, tripId: string, commandId: string): Promise<CommandResponse> {
    return (await this.signedIn()).call(ROUTES.markNoShow, { params: { gate, tripId }, body: { commandId } });
  }
}
