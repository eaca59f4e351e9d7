/**
 * The edge check of every GraphQL request body, before GraphQL sees it: text that PostgreSQL
 * cannot store or that is not text at all (a NUL character, a lone UTF-16 surrogate), strings
 * longer than any field of the API needs, and structures nested deeper than any input type. Each
 * would otherwise surface later as a database error (INTERNAL_SERVER_ERROR) or be stored mangled
 * (a lone surrogate becomes U+FFFD). Refused with BAD_USER_INPUT naming the variable's path.
 */
import type { NextFunction, Request, Response } from 'express';
import { noteCode } from './observe';

/** Longest string a variable may carry: every text column of the API is far shorter. */
export const MAX_TEXT = 2_000;
/** Deepest nesting of variables: the deepest input type (a batch of declarations with lines) is 4. */
export const MAX_NESTING = 16;

const BAD_CHAR = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export interface TextProblem { field: string; message: string }

export function textProblem(value: unknown, field: string, depth = 0, limitLength = true): TextProblem | null {
  if (depth > MAX_NESTING) return { field, message: `输入嵌套过深 / ${field} is nested deeper than ${MAX_NESTING} levels.` };
  if (typeof value === 'string') {
    if (BAD_CHAR.test(value)) return { field, message: `含有无法保存的字符（NUL 或不成对的代理项）：${field} / ${field} contains a NUL character or a lone UTF-16 surrogate, which is not text.` };
    if (limitLength && value.length > MAX_TEXT) return { field, message: `输入过长：${field} / ${field} is longer than ${MAX_TEXT} characters.` };
    return null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = textProblem(value[i], `${field}[${i}]`, depth + 1, limitLength);
      if (p) return p;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = textProblem(k, `${field}.<key>`, depth + 1, limitLength) ?? textProblem(v, `${field}.${k}`, depth + 1, limitLength);
      if (p) return p;
    }
  }
  return null;
}

export function inputGuard(req: Request, res: Response, next: NextFunction): void {
  const body = (req.body ?? {}) as { query?: unknown; variables?: unknown; operationName?: unknown };
  const problem = textProblem(body.query, 'query', 0, false)
    ?? textProblem(body.operationName, 'operationName')
    ?? textProblem(body.variables, 'variables');
  if (!problem) return next();
  noteCode(res, 'BAD_USER_INPUT');
  res.status(400).json({ errors: [{ message: problem.message, extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_VALUE', field: problem.field } }] });
}
