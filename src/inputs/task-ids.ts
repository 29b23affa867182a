// Turns the `task-ids` input into an ordered, de-duplicated list of IDs. Accepts what users
// actually have at hand: a list, a JSON array, or the raw JSON answer of the refresh/prefetch call.

import { InputError } from '../shared/errors.ts';

/** Answer fields that carry task IDs (DCDN refresh/prefetch, and the CDN product's equivalents). */
const ANSWER_ID_FIELDS = ['RefreshTaskId', 'PreloadTaskId', 'PushTaskId', 'TaskId'] as const;

/** Real task IDs are decimal and fit in 64 bits; longer ones are typos or garbage. */
const MAX_ID_DIGITS = 20;

export function parseTaskIds(input: string): string[] {
  const text = input.trim();
  if (text === '') {
    throw new InputError(
      'task-ids is empty: pass the IDs a refresh or prefetch returned (e.g. "95248880,95248881") or its raw JSON answer.'
    );
  }
  const tokens =
    text.startsWith('{') || text.startsWith('[') ? tokensFromJson(text) : splitList(text);
  const ids: string[] = [];
  const seen = new Set<string>();
  for (const token of tokens) {
    checkId(token);
    if (!seen.has(token)) {
      seen.add(token);
      ids.push(token);
    }
  }
  if (ids.length === 0) {
    throw new InputError('task-ids holds no task ID: pass at least one ID such as "95248880".');
  }
  return ids;
}

function splitList(text: string): string[] {
  return text.split(/[\s,]+/).filter((token) => token !== '');
}

function tokensFromJson(text: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `task-ids looks like JSON but does not parse (${shorten((error as Error).message, 80)}): pass a JSON array of IDs, the raw answer of RefreshDcdnObjectCaches/PreloadDcdnObjectCaches, or plain comma-separated IDs.`
    );
  }
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((item, index) =>
    tokensFromJsonItem(item, Array.isArray(value) ? index : -1)
  );
}

function tokensFromJsonItem(item: unknown, index: number): string[] {
  const where = index >= 0 ? `task-ids[${index}]` : 'task-ids';
  if (typeof item === 'string') return splitList(item);
  if (typeof item === 'number') return [numberToken(item, where)];
  if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
    return tokensFromAnswer(item as Record<string, unknown>, where);
  }
  throw new InputError(
    `${where} is ${describeJson(item)}: each entry must be a task ID or a refresh/prefetch answer object.`
  );
}

function tokensFromAnswer(answer: Record<string, unknown>, where: string): string[] {
  // SDKs print {"statusCode":200,"headers":{...},"body":{...}}; the IDs live in body.
  const body = answer.body;
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const nested = ANSWER_ID_FIELDS.some((field) => field in (body as object));
    if (nested) return tokensFromAnswer(body as Record<string, unknown>, `${where}.body`);
  }
  const tokens: string[] = [];
  let found = false;
  for (const field of ANSWER_ID_FIELDS) {
    const value = answer[field];
    if (value === undefined || value === null) continue;
    found = true;
    if (typeof value === 'string') tokens.push(...splitList(value));
    else if (typeof value === 'number') tokens.push(numberToken(value, `${where}.${field}`));
    else {
      throw new InputError(
        `${where}.${field} is ${describeJson(value)}: expected a comma-separated string of task IDs.`
      );
    }
  }
  if (!found) {
    throw new InputError(
      `${where} is a JSON object without ${ANSWER_ID_FIELDS.join(', ')}: pass the raw answer of RefreshDcdnObjectCaches or PreloadDcdnObjectCaches, or the IDs themselves.`
    );
  }
  return tokens;
}

function numberToken(value: number, where: string): string {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new InputError(
      `${where} is the number ${String(value)}, which is not an exact task ID: quote task IDs as strings.`
    );
  }
  return String(value);
}

function checkId(token: string): void {
  if (!/^\d+$/.test(token)) {
    throw new InputError(
      `task-ids has "${shorten(token)}", which is not a task ID: task IDs are decimal digits, separated by commas, spaces or newlines.`
    );
  }
  if (token.length > 1 && token.startsWith('0')) {
    throw new InputError(
      `task-ids has "${shorten(token)}" with a leading zero: DCDN task IDs never start with 0; check how the ID was produced.`
    );
  }
  if (token.length > MAX_ID_DIGITS) {
    throw new InputError(
      `task-ids has "${shorten(token)}" (${token.length} digits): DCDN task IDs have at most ${MAX_ID_DIGITS} digits.`
    );
  }
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** Keeps messages one short line, however long or odd the offending token is. */
function shorten(token: string, max = 40): string {
  const clean = Array.from(JSON.stringify(token).slice(1, -1));
  return clean.length > max ? `${clean.slice(0, max).join('')}…` : clean.join('');
}
