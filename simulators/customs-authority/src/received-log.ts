/**
 * What the authority received: every notice and gate event by trip, in the
 * order of first receipt, with how often each message id came (a delivery
 * retried after a lost answer arrives twice; receivers count it once).
 */
import type { AgencyMessageKind } from '@borderflow/contracts';

export interface ReceivedMessage {
  profile: string;
  messageId: string;
  kind: AgencyMessageKind;
  tripId: string;
  /** Gate event type, or the notice purpose. */
  type: string;
  /** Gate events: `<gate>:<seq>`. */
  eventId: string | null;
  receivedAt: number;
  /** Times this message id arrived (1 = once). */
  deliveries: number;
  envelope: Record<string, unknown>;
}

export class ReceivedLog {
  private readonly byId = new Map<string, ReceivedMessage>();
  private readonly byTrip = new Map<string, ReceivedMessage[]>();
  private total = 0;

  /** Records a message; returns false when its id was already received (a duplicate delivery). */
  record(message: Omit<ReceivedMessage, 'deliveries'>): boolean {
    this.total++;
    const key = `${message.profile}/${message.messageId}`;
    const seen = this.byId.get(key);
    if (seen) {
      seen.deliveries++;
      return false;
    }
    const entry = { ...message, deliveries: 1 };
    this.byId.set(key, entry);
    const list = this.byTrip.get(message.tripId) ?? [];
    list.push(entry);
    this.byTrip.set(message.tripId, list);
    return true;
  }

  trip(tripId: string, profile?: string): ReceivedMessage[] {
    return (this.byTrip.get(tripId) ?? []).filter((m) => !profile || m.profile === profile);
  }

  all(profile?: string): ReceivedMessage[] {
    return [...this.byId.values()].filter((m) => !profile || m.profile === profile);
  }

  /** Deliveries including duplicates. */
  get deliveries(): number {
    return this.total;
  }

  get unique(): number {
    return this.byId.size;
  }
}
