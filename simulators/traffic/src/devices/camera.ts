/**
 * Simulated gate devices (issue 17): an ANPR camera that reads each passing truck's plate the way real
 * ones fail — a confusion (O/0, I/1, 8/B, 5/S, 2/Z, 6/G), a wrong character, a partial plate (the
 * first or last characters cut off), a no-read — with a latency, and pushes the read to the device
 * gateway over HTTP with its device key (generic JSON or Hikvision's ANPR JSON). Seeded: a run replays.
 */
import type { Random } from '../random.ts';

export type ReadKind = 'correct' | 'confusion' | 'wrong_char' | 'partial' | 'no_read';

export interface CameraOptions {
  /** The gateway's base URL, e.g. http://127.0.0.1:3000. */
  url: string;
  /** The device key an admin issued (bfv_…). */
  key: string;
  rnd: Random;
  /** Share of reads that come out wrong (split between confusion, wrong character and partial). */
  misreadRate?: number;
  /** Share of passing trucks the camera sees but cannot read. */
  noReadRate?: number;
  /** Delay between the truck passing and the push, ms [min, max]. */
  latencyMs?: readonly [number, number];
  format?: 'generic' | 'hikvision';
  /** The lane a lane camera watches (sent with generic reads). */
  laneId?: string;
  /** Name used in event ids. */
  name?: string;
  /**
   * Ask to be answered once the read is stored (`Prefer: respond-async`): the answer says `queued` and
   * the read's outcome is written on its raw message, as a fire-and-forget camera wants it.
   */
  respondAsync?: boolean;
}

export interface SimulatedRead {
  kind: ReadKind;
  /** What the camera reports (null = no read). */
  text: string | null;
  confidence: number;
  eventId: string;
}

const CONFUSIONS: Record<string, string> = { O: '0', '0': 'O', I: '1', '1': 'I', B: '8', '8': 'B', S: '5', '5': 'S', Z: '2', '2': 'Z', G: '6', '6': 'G', D: '0' };
const ALNUM = 'ABCDEFGHKLMNPRSTUVXYZ0123456789';

/** The plate without separators, as a camera prints it. */
function bare(plate: string): string {
  return plate.normalize('NFKC').replace(/[-.·\s]/g, '').toUpperCase();
}

/**
 * One wrong reading of a plate, of the given kind.
 *
 * @example
 * misread('29C12345', 'confusion', rnd); // e.g. '29CI2345'
 */
export function misread(plate: string, kind: Exclude<ReadKind, 'correct' | 'no_read'>, rnd: Random): string {
  const p = bare(plate);
  if (kind === 'confusion') {
    const at = [...p].flatMap((ch, i) => (CONFUSIONS[ch] ? [i] : []));
    if (at.length > 0) {
      const i = rnd.pick(at);
      return p.slice(0, i) + CONFUSIONS[p[i]!]! + p.slice(i + 1);
    }
    // Nothing confusable: a camera's next most common error.
    return misread(plate, 'wrong_char', rnd);
  }
  if (kind === 'wrong_char') {
    const i = rnd.int(0, p.length - 1);
    let ch = p[i]!;
    while (ch === p[i]) ch = rnd.pick([...ALNUM]);
    return p.slice(0, i) + ch + p.slice(i + 1);
  }
  const cut = rnd.int(1, 3);
  return rnd.chance(0.5) ? p.slice(cut) : p.slice(0, p.length - cut);
}

/**
 * What the camera makes of one passing plate: its kind, text and confidence. Clean reads report
 * 0.90–0.99; wrong ones anywhere from 0.40 to 0.95 (a camera is sometimes sure and wrong).
 *
 * @example
 * const r = readPlate('29C12345', { rnd, misreadRate: 0.05, noReadRate: 0.02 }, 'cam-1:000001');
 */
export function readPlate(plate: string, options: Pick<CameraOptions, 'rnd' | 'misreadRate' | 'noReadRate'>, eventId: string): SimulatedRead {
  const { rnd } = options;
  const u = rnd.next();
  const noRead = options.noReadRate ?? 0.02;
  const wrong = options.misreadRate ?? 0.05;
  if (u < noRead) return { kind: 'no_read', text: null, confidence: 0, eventId };
  if (u < noRead + wrong) {
    const kind = rnd.weighted([['confusion', 0.5], ['wrong_char', 0.3], ['partial', 0.2]] as const);
    return { kind, text: misread(plate, kind, rnd), confidence: Math.round(rnd.between(0.4, 0.95) * 100) / 100, eventId };
  }
  return { kind: 'correct', text: bare(plate), confidence: Math.round(rnd.between(0.9, 0.995) * 1000) / 1000, eventId };
}

export interface PushAnswer {
  status: number;
  body: { messageId?: string; outcome?: string; tripId?: string | null; confirmationId?: string | null } & Record<string, unknown>;
}

/**
 * A camera at the yard entrance or a lane.
 *
 * @example
 * const cam = new SimulatedCamera({ url, key, rnd: createRandom(7), misreadRate: 0.05, noReadRate: 0.02 });
 * const { read, answer } = await cam.see('29C-123.45');
 */
export class SimulatedCamera {
  private seq = 0;
  constructor(private readonly options: CameraOptions) {}

  /** A truck passes: the camera reads it, waits its latency, pushes the read. */
  async see(plate: string): Promise<{ read: SimulatedRead; answer: PushAnswer }> {
    const name = this.options.name ?? 'cam';
    const read = readPlate(plate, this.options, `${name}:${String(++this.seq).padStart(6, '0')}`);
    const [min, max] = this.options.latencyMs ?? [0, 0];
    if (max > 0) await new Promise((r) => setTimeout(r, this.options.rnd.between(min, max)));
    return { read, answer: await this.push(read) };
  }

  /** The camera's periodic heartbeat. */
  heartbeat(errors = 0): Promise<PushAnswer> {
    return this.post('/v1/devices/events', { type: 'heartbeat', at: new Date().toISOString(), ...(errors > 0 ? { errors } : {}) });
  }

  private push(read: SimulatedRead): Promise<PushAnswer> {
    const imageRef = `https://${this.options.name ?? 'cam'}.gate.local/pictures/${read.eventId.replace(/:/g, '-')}.jpg`;
    if (this.options.format === 'hikvision') {
      return this.post('/v1/devices/events/hikvision', {
        eventType: 'ANPR',
        dateTime: new Date().toISOString(),
        channelID: 1,
        UUID: read.eventId,
        ANPR: { licensePlate: read.text ?? 'unknown', confidenceLevel: Math.round(read.confidence * 100), pictureInfoList: [{ pictureURL: imageRef }] },
      });
    }
    return this.post('/v1/devices/events', {
      type: 'plate_read',
      eventId: read.eventId,
      capturedAt: new Date().toISOString(),
      plate: read.text,
      confidence: read.confidence,
      imageRef,
      ...(this.options.laneId ? { laneId: this.options.laneId } : {}),
    });
  }

  private async post(path: string, body: unknown): Promise<PushAnswer> {
    const res = await fetch(`${this.options.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-device-key': this.options.key, ...(this.options.respondAsync ? { prefer: 'respond-async' } : {}) },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as PushAnswer['body']) : {} };
  }
}
