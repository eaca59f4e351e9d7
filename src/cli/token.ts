/**
 * npm run token -- <AGENCY> [--org <enterpriseId|cooperativeId>] [--sub <name>] [--ttl 8h]
 * Prints a development bearer token signed with the hub's HS256 secret (SPEC §2, §9).
 */
import { AGENCIES, ORG_AGENCIES, isAgency } from '../authz/agencies';
import { signToken } from '../authz/tokens';
import { loadConfig } from '../config';

function usage(problem?: string): never {
  if (problem) console.error(`error: ${problem}\n`);
  console.error(`usage: npm run token -- <AGENCY> [--org <id>] [--sub <name>] [--ttl 8h]
  AGENCY: ${AGENCIES.join(' ')}
  --org is required for ENTERPRISE and COOPERATIVE (the enterprise or cooperative id).
  example: curl -H "authorization: Bearer $(npm run -s token -- CUSTOMS)" …`);
  process.exit(2);
}

const args = process.argv.slice(2);
const agency = args.find((a) => !a.startsWith('--') && !args[args.indexOf(a) - 1]?.startsWith('--'))?.toUpperCase();
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
if (!agency) usage();
if (!isAgency(agency)) usage(`unknown agency "${agency}"`);
const org = opt('org');
if (ORG_AGENCIES.includes(agency) && !org) usage(`${agency} tokens need --org <id>`);
const config = loadConfig();
if (!config.jwt.secret) usage('this hub verifies tokens with a public key (JWT_PUBLIC_KEY/JWT_JWKS_URL); get tokens from your identity provider');
const token = await signToken(config.jwt.secret, { agency, org: org ?? null, sub: opt('sub') }, { ttl: opt('ttl') ?? '8h' });
process.stdout.write(`${token}\n`);
