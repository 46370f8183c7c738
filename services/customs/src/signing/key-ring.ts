/**
 * The HMAC keys shared with one agency. Several keys may be active at once
 * (rotation: the agency starts signing with the new key while messages signed
 * with the old one are still in flight); a key is picked by its id, and a
 * retired key (`notAfter` passed) is refused.
 *
 * Like the JWT secret (services/api auth-config): in production a secret must
 * come from the environment and be long; inline secrets are for development.
 */
import type { SigningKeyConfig } from '../config/adapter-config.ts';

export const MIN_PRODUCTION_SECRET_LENGTH = 32;

export interface SigningKey {
  id: string;
  secret: Buffer;
  /** ms epoch after which the key is refused; null = no end. */
  notAfter: number | null;
}

export class KeyRing {
  private readonly byId: Map<string, SigningKey>;

  constructor(
    readonly keys: SigningKey[],
    /** The key outbound messages are signed with. */
    readonly signingKeyId: string,
  ) {
    this.byId = new Map(keys.map((k) => [k.id, k]));
    if (!this.byId.has(signingKeyId)) throw new Error(`signing key ${signingKeyId} is not in the key ring`);
  }

  /** The key to sign with now. */
  get signingKey(): SigningKey {
    return this.byId.get(this.signingKeyId)!;
  }

  /**
   * The key named by an inbound message, or null if unknown or retired at `now`.
   *
   * @example
   * const key = ring.verifyingKey(req.get('x-borderflow-key-id') ?? '', Date.now());
   */
  verifyingKey(id: string, now: number): SigningKey | null {
    const key = this.byId.get(id);
    if (!key) return null;
    if (key.notAfter !== null && now > key.notAfter) return null;
    return key;
  }
}

/**
 * Resolves the configured keys (inline or from env); refuses weak or inline
 * secrets when NODE_ENV=production.
 *
 * @example
 * const ring = loadKeyRing('vn-customs', adapter.keys, adapter.signWith, process.env);
 */
export function loadKeyRing(
  adapter: string,
  configs: SigningKeyConfig[],
  signWith: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): KeyRing {
  const production = env.NODE_ENV === 'production';
  const keys = configs.map((k): SigningKey => {
    let secret: string | undefined;
    if (k.secretEnv) {
      secret = env[k.secretEnv];
      if (!secret) throw new Error(`adapter ${adapter}: key ${k.id} reads its secret from ${k.secretEnv}, which is not set`);
    } else {
      if (production) {
        throw new Error(`adapter ${adapter}: key ${k.id} has an inline secret; in production give secretEnv instead (refusing to start)`);
      }
      secret = k.secret!;
    }
    if (production && secret.length < MIN_PRODUCTION_SECRET_LENGTH) {
      throw new Error(
        `adapter ${adapter}: key ${k.id} must be at least ${MIN_PRODUCTION_SECRET_LENGTH} characters in production (refusing to start)`,
      );
    }
    return { id: k.id, secret: Buffer.from(secret, 'utf8'), notAfter: k.notAfter ? Date.parse(k.notAfter) : null };
  });
  return new KeyRing(keys, signWith ?? keys[0]!.id);
}
