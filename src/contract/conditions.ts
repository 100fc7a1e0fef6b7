// The audience condition language: small, JSON, validated at start-up, evaluated in the worker.
//
//   { "lifecycle": "at-risk" }                          equality shorthand
//   { "rfm.r": { "gte": 4 } }                           gt, gte, lt, lte, eq, ne
//   { "lifecycle": { "in": ["new", "active"] } }        membership
//   { "and": [c, ...] }, { "or": [c, ...] }, { "not": c }
//
// Fields are dotted paths into the visitor's facts (see `AUDIENCE_FIELDS`); `traits.*` reaches
// whatever the site passed to identify().

export type Scalar = string | number | boolean | null;
export type Comparison = { eq?: Scalar; ne?: Scalar; gt?: number; gte?: number; lt?: number; lte?: number; in?: Scalar[] };
export type Condition =
  | { and: Condition[] }
  | { or: Condition[] }
  | { not: Condition }
  | { [field: string]: Scalar | Comparison };

/** Fields an audience may test, with what each holds. `traits.<name>` is open-ended. */
export const AUDIENCE_FIELDS: Readonly<Record<string, string>> = {
  lifecycle: 'prospect | new | active | growing | at-risk | lapsed | churned',
  'rfm.tier': 'champions | loyal | potential | new | at-risk | hibernating | lost',
  'rfm.r': '1-5',
  'rfm.f': '1-5',
  'rfm.m': '1-5',
  orders: 'number of orders',
  monetary: 'total spent',
  recencyDays: 'days since the last order (null with none)',
  cluster: 'behaviour cluster name',
  'propensity.purchase90d': '0-1',
  'propensity.churn': '0-1',
  topCategory: 'the category the visitor likes most',
  topBrand: 'the brand the visitor likes most',
  priceBand: 'low | mid | high',
  sessions: 'number of sessions',
  views: 'number of product views',
};

const OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in'] as const;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown): v is Scalar => v === null || ['string', 'number', 'boolean'].includes(typeof v);
const show = (v: unknown) => {
  try { return JSON.stringify(v) ?? String(v); } catch { return String(v); }
};

/**
 * Lists what is wrong with a condition, each message naming the key, the value and the fix. Empty when valid.
 * @example validateCondition({ lifecycle: 'at-risk' }, 'config.audiences.lapsing') // []
 */
export function validateCondition(c: unknown, path: string): string[] {
  if (!isObject(c)) return [`[clientele] ${path} must be a condition object like { "lifecycle": "at-risk" }, got ${show(c)}`];
  const keys = Object.keys(c);
  if (keys.length === 0) return [`[clientele] ${path} is an empty condition; write one like { "lifecycle": "at-risk" }, got {}`];
  const errors: string[] = [];
  for (const key of keys) {
    const v = c[key];
    const p = `${path}.${key}`;
    if (key === 'and' || key === 'or') {
      if (!Array.isArray(v) || v.length === 0) errors.push(`[clientele] ${p} must be a non-empty list of conditions, got ${show(v)}`);
      else v.forEach((sub, i) => errors.push(...validateCondition(sub, `${p}[${i}]`)));
    } else if (key === 'not') {
      errors.push(...validateCondition(v, p));
    } else {
      if (!(key in AUDIENCE_FIELDS) && !key.startsWith('traits.')) {
        errors.push(`[clientele] ${p} is not a field an audience can test; use one of ${Object.keys(AUDIENCE_FIELDS).join(', ')} or traits.<name>, got ${show(key)}`);
        continue;
      }
      if (isScalar(v)) continue;
      if (!isObject(v)) { errors.push(`[clientele] ${p} must be a value or a comparison like { "gte": 3 }, got ${show(v)}`); continue; }
      for (const [op, arg] of Object.entries(v)) {
        if (!(OPS as readonly string[]).includes(op)) errors.push(`[clientele] ${p}.${op} is not a comparison; use one of ${OPS.join(', ')}, got ${show(op)}`);
        else if (op === 'in' ? !(Array.isArray(arg) && arg.every(isScalar)) : ['gt', 'gte', 'lt', 'lte'].includes(op) ? typeof arg !== 'number' : !isScalar(arg))
          errors.push(`[clientele] ${p}.${op} must be ${op === 'in' ? 'a list of values' : ['gt', 'gte', 'lt', 'lte'].includes(op) ? 'a number' : 'a value'}, got ${show(arg)}`);
      }
    }
  }
  return errors;
}

const get = (facts: Record<string, unknown>, path: string): unknown => {
  if (path in facts) return facts[path];
  let cur: unknown = facts;
  for (const part of path.split('.')) {
    if (!isObject(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
};

/**
 * Tests a validated condition against the visitor's facts. Missing facts never match a comparison.
 * @example matchCondition({ 'rfm.r': { gte: 4 } }, { rfm: { r: 5 } }) // true
 */
export function matchCondition(c: Condition, facts: Record<string, unknown>): boolean {
  for (const [key, v] of Object.entries(c)) {
    if (key === 'and') { if (!(v as Condition[]).every((s) => matchCondition(s, facts))) return false; continue; }
    if (key === 'or') { if (!(v as Condition[]).some((s) => matchCondition(s, facts))) return false; continue; }
    if (key === 'not') { if (matchCondition(v as Condition, facts)) return false; continue; }
    const actual = get(facts, key);
    if (isScalar(v)) { if (actual !== v) return false; continue; }
    const cmp = v as Comparison;
    if (cmp.eq !== undefined && actual !== cmp.eq) return false;
    if (cmp.ne !== undefined && actual === cmp.ne) return false;
    if (cmp.in !== undefined && !cmp.in.includes(actual as Scalar)) return false;
    const n = typeof actual === 'number' ? actual : NaN;
    if (cmp.gt !== undefined && !(n > cmp.gt)) return false;
    if (cmp.gte !== undefined && !(n >= cmp.gte)) return false;
    if (cmp.lt !== undefined && !(n < cmp.lt)) return false;
    if (cmp.lte !== undefined && !(n <= cmp.lte)) return false;
  }
  return true;
}
