/**
 * Access tokens: HS256 JWTs carrying who the user is and their role, so any
 * API process can authorise a request without a database round trip.
 */
import { SignJWT, jwtVerify, errors } from 'jose';
import { ZRoleSchema, type Role } from '@borderflow/contracts';
import { AppError } from '../app-error.ts';
import type { AuthConfig } from './auth-config.ts';

/** The authenticated caller, as carried by the token. */
export interface Principal {
  /** User id (database id). */
  id: string;
  username: string;
  role: Role;
}

/**
 * Issues a token for a user.
 *
 * @example
 * const token = await signAccessToken(auth, { id: 'u1', username: 'driver1', role: 'driver' });
 */
export async function signAccessToken(auth: AuthConfig, who: Principal, nowSeconds?: number): Promise<string> {
  const iat = nowSeconds ?? Math.floor(Date.now() / 1000);
  return new SignJWT({ role: who.role, username: who.username })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(who.id)
    .setIssuer(auth.issuer)
    .setIssuedAt(iat)
    .setExpirationTime(iat + auth.ttlSeconds)
    .sign(auth.secret);
}

/**
 * Checks a token's signature, expiry and claims. Every failure is an
 * `UNAUTHENTICATED` AppError whose message says what is wrong.
 *
 * @example
 * const who = await verifyAccessToken(auth, token); // who.role === 'driver'
 */
export async function verifyAccessToken(auth: AuthConfig, token: string): Promise<Principal> {
  try {
    const { payload } = await jwtVerify(token, auth.secret, { algorithms: ['HS256'], issuer: auth.issuer });
    const role = ZRoleSchema.safeParse(payload.role);
    if (!payload.sub || !role.success || typeof payload.username !== 'string') {
      throw new AppError('UNAUTHENTICATED', 'Token is missing its subject, role or username');
    }
    return { id: payload.sub, username: payload.username, role: role.data };
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (err instanceof errors.JWTExpired) {
      throw new AppError('UNAUTHENTICATED', 'Token has expired; sign in again');
    }
    if (err instanceof errors.JWSSignatureVerificationFailed) {
      throw new AppError('UNAUTHENTICATED', 'Token signature is invalid');
    }
    if (err instanceof errors.JOSEError) {
      throw new AppError('UNAUTHENTICATED', `Token is invalid (${err.code})`);
    }
    throw new AppError('UNAUTHENTICATED', 'Token is malformed');
  }
}
