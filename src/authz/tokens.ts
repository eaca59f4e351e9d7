/**
 * Bearer tokens (SPEC §9): HS256 with the development secret, or RS256/ES256 against a public key
 * or a JWKS in production. Issuer and audience are `border-trade-hub`.
 */
import { SignJWT, createRemoteJWKSet, importSPKI, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { JwtConfig } from '../config';
import { isUuid } from '../shared/ids';
import { isAgency, ORG_AGENCIES, type Agency, type Viewer } from './agencies';

export class TokenError extends Error {}

export type Verifier = (token: string) => Promise<Viewer>;

export function createVerifier(cfg: JwtConfig): Verifier {
  let key: Uint8Array | JWTVerifyGetKey;
  let algorithms: string[];
  if (cfg.jwksUrl) {
    key = createRemoteJWKSet(new URL(cfg.jwksUrl));
    algorithms = ['RS256', 'ES256'];
  } else if (cfg.publicKeyPem) {
    const pem = cfg.publicKeyPem;
    const cache = new Map<string, ReturnType<typeof importSPKI>>();
    key = (header) => {
      const alg = header.alg;
      if (alg !== 'RS256' && alg !== 'ES256') throw new TokenError('only RS256 and ES256 are accepted');
      if (!cache.has(alg)) cache.set(alg, importSPKI(pem, alg) );
      return cache.get(alg)!;
    };
    algorithms = ['RS256', 'ES256'];
  } else if (cfg.secret) {
    key = cfg.secret;
    algorithms = ['HS256'];
  } else {
    throw new Error('no JWT verification key configured');
  }
  // A token already verified is not verified again (HMAC or signature, claims: ~0.2 ms CPU per
  // request) until its exp, for at most VERIFIED_TTL_MS (a key withdrawn from a JWKS is noticed
  // within that); refusals are never remembered. Bounded: the map is emptied when full.
  const verified = new Map<string, { viewer: Viewer; until: number }>();
  return async (token) => {
    const hit = verified.get(token);
    if (hit) {
      if (Date.now() < hit.until) return hit.viewer;
      verified.delete(token);
    }
    const { viewer, exp } = await verifyNow(token);
    if (verified.size >= VERIFIED_MAX) verified.clear();
    verified.set(token, { viewer, until: Math.min(exp * 1000, Date.now() + VERIFIED_TTL_MS) });
    return viewer;
  };

  async function verifyNow(token: string): Promise<{ viewer: Viewer; exp: number }> {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, key as never, {
        issuer: cfg.issuer, audience: cfg.audience, algorithms, requiredClaims: ['exp', 'sub'],
      }));
    } catch (e) {
      throw new TokenError(e instanceof Error ? e.message : 'invalid token');
    }
    const { sub, agency, org } = payload as { sub?: unknown; agency?: unknown; org?: unknown };
    if (typeof sub !== 'string' || !sub) throw new TokenError('token has no sub');
    if (!isAgency(agency)) throw new TokenError(`unknown agency ${String(agency)}`);
    const needsOrg = ORG_AGENCIES.includes(agency);
    if (needsOrg && !isUuid(org)) throw new TokenError(`${agency} tokens need an org claim (enterprise or cooperative id)`);
    return { viewer: Object.freeze({ sub, agency, org: needsOrg ? (org as string).toLowerCase() : null }), exp: payload.exp! };
  }
}

const VERIFIED_MAX = 10_000;
const VERIFIED_TTL_MS = 60_000;

/** Signs a development token with the HS256 secret (npm run token, tests). */
export async function signToken(
  secret: Uint8Array,
  claims: { agency: Agency | string; sub?: string; org?: string | null },
  opts: { ttl?: string | number; issuer?: string; audience?: string } = {},
): Promise<string> {
  const body: Record<string, unknown> = { agency: claims.agency };
  if (claims.org) body.org = claims.org;
  return new SignJWT(body)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub ?? `dev-${String(claims.agency).toLowerCase()}`)
    .setIssuer(opts.issuer ?? 'border-trade-hub')
    .setAudience(opts.audience ?? 'border-trade-hub')
    .setIssuedAt()
    .setExpirationTime(opts.ttl ?? '8h')
    .sign(secret);
}
