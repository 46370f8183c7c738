/**
 * Access tokens: short HS256 JWTs carrying who the user is, their role, the
 * session (refresh-token family) they belong to and the user's session
 * version, so any API process can authorise a request with one Redis read
 * (see session-revocations.ts) and no database round trip.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { SignJWT, jwtVerify, errors, type JWTPayload } from 'jose';
import { ZRoleSchema, type PrincipalRole } from '@borderflow/contracts';
import { AppError } from '../app-error.ts';
import type { AuthConfig } from './auth-config.ts';
import { REFUSALS } from '../http/refusal-words.ts';

/** The authenticated caller, as carried by the token. */
export interface Principal {
  /** User id (database id). */
  id: string;
  username: string;
  role: PrincipalRole;
  /** Set when a company's API key, not a person, is calling (auth/api-keys.ts). */
  apiKey?: { id: string; companyId: string; scopes: readonly string[] };
}

/** A verified access token: the caller plus what revocation is checked against. */
export interface AccessClaims extends Principal {
  /** Session id = the refresh-token family the token was issued for. */
  sid: string;
  /** The user's session version when the token was issued. */
  sv: number;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

/** The protected header of every access token this platform signs. */
const ACCESS_HEADER = { alg: 'HS256', typ: 'JWT' } as const;
const ACCESS_HEADER_B64 = Buffer.from(JSON.stringify(ACCESS_HEADER)).toString('base64url');

/**
 * Issues an access token for a user's session.
 *
 * @example
 * const token = await signAccessToken(auth, { id: 'u1', username: 'driver1', role: 'driver', sid: familyId, sv: 0 });
 */
export async function signAccessToken(
  auth: AuthConfig,
  who: Principal & { sid: string; sv: number },
  nowSeconds?: number,
): Promise<{ token: string; exp: number }> {
  const iat = nowSeconds ?? Math.floor(Date.now() / 1000);
  const exp = iat + auth.ttlSeconds;
  const token = await new SignJWT({ role: who.role, username: who.username, sid: who.sid, sv: who.sv })
    .setProtectedHeader(ACCESS_HEADER)
    .setSubject(who.id)
    .setIssuer(auth.issuer)
    .setAudience(auth.audience)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(await hmacKeyOf(auth.secret));
  return { token, exp };
}

// jose imports a raw secret as a WebCrypto key on every call (a visible share of each request
// in the booking profile, issue 12): each secret is imported once.
type HmacKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;
const hmacKeys = new WeakMap<Uint8Array, Promise<HmacKey>>();

function hmacKeyOf(secret: Uint8Array): Promise<HmacKey> {
  let key = hmacKeys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', new Uint8Array(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    hmacKeys.set(secret, key);
  }
  return key;
}

/**
 * Checks a token's signature, issuer, audience, expiry (required) and claims.
 * Every failure is an `UNAUTHENTICATED` AppError whose message says what is
 * wrong. Revocation is checked separately (SessionRevocations.assertLive).
 *
 * @example
 * const who = await verifyAccessToken(auth, token); // who.role === 'driver'
 */
export async function verifyAccessToken(auth: AuthConfig, token: string): Promise<AccessClaims> {
  const known = verifiedOf(auth);
  const hit = known.get(token);
  // The same bytes verified under the same configuration verify again until they expire: every request
  // of a session repeats its token, and the HMAC check and claim parsing were a visible share of each one.
  if (hit && hit.exp > Date.now() / 1000) return hit;
  if (hit) known.delete(token);
  // Shared by every request that presents the token: nobody may change it.
  const claims = Object.freeze(await verifyOnce(auth, token));
  if (known.size >= VERIFIED_MAX) known.delete(known.keys().next().value!);
  known.set(token, claims);
  return claims;
}

/** Tokens kept verified per configuration: the oldest is dropped first (a few MB at most). */
const VERIFIED_MAX = 20_000;
const verified = new WeakMap<AuthConfig, Map<string, AccessClaims>>();
function verifiedOf(auth: AuthConfig): Map<string, AccessClaims> {
  let known = verified.get(auth);
  if (!known) {
    known = new Map();
    verified.set(auth, known);
  }
  return known;
}

/** Tokens that needed jose's full check (the quick one could not accept them): for tests and profiles. */
export const jwtStats = { fullChecks: 0 };

/**
 * The claims of a token as this platform signs it (the header `signAccessToken` writes, an HMAC-SHA256
 * signature in canonical base64url, the issuer, audience, expiry, issue time and subject jose is asked
 * for), checked synchronously by node:crypto; null for anything else, which jose then checks in full
 * and words its refusal. It accepts only tokens jose accepts (jwt.test.ts compares them). Why: jose's
 * WebCrypto HMAC is an async job on the thread pool, ~350 µs of CPU a token in the booking storm's
 * profile (each account's first request in a process, a third of a storm's requests); this is a few µs.
 */
export function quickAccessClaims(auth: AuthConfig, token: string, nowSeconds = Math.floor(Date.now() / 1000)): JWTPayload | null {
  const dot1 = token.indexOf('.');
  const dot2 = token.indexOf('.', dot1 + 1);
  if (dot1 < 0 || dot2 < 0 || token.indexOf('.', dot2 + 1) >= 0 || token.slice(0, dot1) !== ACCESS_HEADER_B64) return null;
  const signature = Buffer.from(token.slice(dot2 + 1));
  const expected = Buffer.from(createHmac('sha256', auth.secret).update(token.slice(0, dot2)).digest('base64url'));
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(token.slice(dot1 + 1, dot2), 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null;
  const p = payload as JWTPayload;
  const ok = p.iss === auth.issuer && p.aud === auth.audience && typeof p.sub === 'string'
    && typeof p.exp === 'number' && p.exp > nowSeconds && typeof p.iat === 'number'
    && (p.nbf === undefined || (typeof p.nbf === 'number' && p.nbf <= nowSeconds));
  return ok ? p : null;
}

async function fullClaims(auth: AuthConfig, token: string): Promise<JWTPayload> {
  jwtStats.fullChecks++;
  const { payload } = await jwtVerify(token, await hmacKeyOf(auth.secret), {
    algorithms: ['HS256'],
    issuer: auth.issuer,
    audience: auth.audience,
    // A token without an expiry would be valid forever.
    requiredClaims: ['exp', 'iat', 'sub'],
  });
  return payload;
}

async function verifyOnce(auth: AuthConfig, token: string): Promise<AccessClaims> {
  try {
    const payload = quickAccessClaims(auth, token) ?? (await fullClaims(auth, token));
    const role = ZRoleSchema.safeParse(payload.role);
    if (
      !payload.sub ||
      !role.success ||
      typeof payload.username !== 'string' ||
      typeof payload.sid !== 'string' ||
      typeof payload.sv !== 'number' ||
      typeof payload.exp !== 'number'
    ) {
      throw AppError.worded('UNAUTHENTICATED', REFUSALS.tokenIncomplete);
    }
    return { id: payload.sub, username: payload.username, role: role.data, sid: payload.sid, sv: payload.sv, exp: payload.exp };
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (err instanceof errors.JWTExpired) {
      throw AppError.worded('UNAUTHENTICATED', REFUSALS.tokenExpired);
    }
    if (err instanceof errors.JWSSignatureVerificationFailed) {
      throw AppError.worded('UNAUTHENTICATED', REFUSALS.tokenSignature);
    }
    if (err instanceof errors.JWTClaimValidationFailed) {
      throw AppError.worded('UNAUTHENTICATED', REFUSALS.tokenClaim(err.claim, err.reason));
    }
    if (err instanceof errors.JOSEError) {
      throw AppError.worded('UNAUTHENTICATED', REFUSALS.tokenInvalid(err.code));
    }
    throw AppError.worded('UNAUTHENTICATED', REFUSALS.tokenMalformed);
  }
}
