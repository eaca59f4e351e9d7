/**
 * Entity ids are UUIDs (SPEC §3). Anything else is checked here, before it reaches SQL as a uuid
 * parameter, where it would fail as a database error instead of a NOT_FOUND or a clear input error.
 */
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID_RE.test(v);
