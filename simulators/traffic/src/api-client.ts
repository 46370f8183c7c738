/**
 * A tiny fetch-based client of the BorderFlow HTTP API, signed in as one user.
 * It re-signs in once when a token expires (401) and turns every error answer
 * (`{ error: { code, message, field } }`) into an {@link ApiError}.
 */
import type {
  AgencyDecisionRequest,
  CreateTripRequestInput,
  InspectionOutcome,
  LaneViewMessage,
  LoginResponse,
  Trip,
  TripPlacement,
} from '@borderflow/contracts';

/** An error answer of the API (or a transport failure, with status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Answer of an operator command (arrive, start, complete, no-show…). */
export interface CommandResponse {
  commandId: string;
  replayed: boolean;
  trip: TripPlacement | null;
}

export interface LanesResponse {
  gate: string;
  seq: number;
  lanes: LaneViewMessage[];
}

export interface CheckInResponse {
  replayed: boolean;
  trip: Trip;
}

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

  constructor(private readonly options: ApiClientOptions) {}

  get username(): string {
    return this.options.username;
  }

  /** Signs in (again) and keeps the token. Concurrent callers share one request. */
  login(): Promise<LoginResponse> {
    this.signingIn ??= this.send<LoginResponse>('POST', '/v1/auth/login', {
      username: this.options.username,
      password: this.options.password,
    }, null)
      .then((res) => {
        this.token = res.token;
        return res;
      })
      .finally(() => {
        this.signingIn = null;
      });
    return this.signingIn;
  }

  /** A request as the signed-in user; signs in first if needed and once more on a 401. */
  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    if (!this.token) await this.login();
    try {
      return await this.send<T>(method, path, body, this.token);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401) throw err;
      await this.login();
      return this.send<T>(method, path, body, this.token);
    }
  }

  createTrip(body: CreateTripRequestInput): Promise<Trip> {
    return this.request('POST', '/v1/trips', body);
  }

  checkIn(gate: string, plate: string, commandId: string): Promise<CheckInResponse> {
    return this.request('POST', `/v1/gates/${enc(gate)}/check-ins`, { plate, commandId });
  }

  agencyDecision(body: AgencyDecisionRequest): Promise<unknown> {
    return this.request('POST', '/v1/internal/agency-decisions', body);
  }

  lanes(gate: string): Promise<LanesResponse> {
    return this.request('GET', `/v1/gates/${enc(gate)}/lanes`);
  }

  arrive(gate: string, laneId: string, tripId: string, commandId: string): Promise<CommandResponse> {
    return this.request('POST', `/v1/gates/${enc(gate)}/lanes/${enc(laneId)}/arrive`, { tripId, commandId });
  }

  start(gate: string, laneId: string, tripId: string, commandId: string): Promise<CommandResponse> {
    return this.request('POST', `/v1/gates/${enc(gate)}/lanes/${enc(laneId)}/start`, { tripId, commandId });
  }

  complete(
    gate: string,
    laneId: string,
    tripId: string,
    outcome: InspectionOutcome,
    commandId: string,
    note?: string,
  ): Promise<CommandResponse> {
    return this.request('POST', `/v1/gates/${enc(gate)}/lanes/${enc(laneId)}/complete`, {
      tripId,
      outcome,
      commandId,
      ...(note ? { note } : {}),
    });
  }

  noShow(gate: string, tripId: string, commandId: string): Promise<CommandResponse> {
    return this.request('POST', `/v1/gates/${enc(gate)}/trips/${enc(tripId)}/no-show`, { commandId });
  }

  private async send<T>(method: string, path: string, body: unknown, token: string | null): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    let res: Response;
    try {
      res = await fetch(new URL(path, this.options.baseUrl), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (err) {
      throw new ApiError(0, 'NETWORK', `${method} ${path}: ${(err as Error).message}`);
    }
    const text = await res.text();
    let json: unknown = null;
    if (text) {
      try {
        json = JSON.parse(text);
      } catch {
        json = null;
      }
    }
    if (!res.ok) {
      const error = (json as { error?: { code?: string; message?: string; field?: string | null } } | null)?.error;
      throw new ApiError(
        res.status,
        error?.code ?? `HTTP_${res.status}`,
        `${method} ${path}: ${error?.message ?? (text.slice(0, 200) || res.statusText)}`,
        error?.field ?? null,
      );
    }
    return json as T;
  }
}

const enc = encodeURIComponent;
