// The cells of a task row, each escaped here: the status with its icon and the reason beside it,
// the path shortened in the middle, the task ID, and a creation time that cannot wrap.

import { attrText, clip, clipMiddle, escapeCell, unbroken } from './markdown.ts';
import { normalStatus, reasonOf } from './groups.ts';
import type { RowKind } from './groups.ts';
import { NOT_FOUND } from '../wait/task.ts';
import type { TaskResult } from '../wait/task.ts';

/** Longest path shown on screen; the full path is in the cell's title and in `results`. */
export const PATH_CHARS = 48;
/** A reason this short stays on one line beside its status. */
const UNBROKEN_REASON_CHARS = 16;

export interface CellOptions {
  /** Longest reason shown, in characters; longer ones end with "…". */
  maxCellChars: number;
  /** The run's clock (ms since the epoch): a time on the same UTC day is shown without its date. */
  now?: number | undefined;
}

const COMPLETE_CELL = unbroken('✅ Complete');

export function statusCell(result: TaskResult, kind: RowKind, options: CellOptions): string {
  if (kind === 'complete') return COMPLETE_CELL;
  if (kind === 'failed') {
    const label = result.Status === NOT_FOUND ? '❓ Not found' : '❌ Failed';
    const reason = result.Status === NOT_FOUND ? result.Description.trim() : reasonOf(result);
    if (!reason) return unbroken(label);
    const text = escapeCell(clip(reason, options.maxCellChars));
    return reason.length <= UNBROKEN_REASON_CHARS
      ? unbroken(`${label}: ${text}`)
      : `${unbroken(label)}: ${text}`;
  }
  return unbroken(pendingLabel(result));
}

/** "🔄 Refreshing 40%", "⏳ Pending", "⏳ Not seen yet", or an unknown status as it came. */
function pendingLabel(result: TaskResult): string {
  if (result.Status === NOT_FOUND) return '⏳ Not seen yet';
  const progress = /^\d{1,3}(?:\.\d{1,2})?%$/.test(result.Process.trim())
    ? ` ${result.Process.trim()}`
    : '';
  const status = normalStatus(result.Status);
  if (status === 'refreshing') return `🔄 Refreshing${progress}`;
  // A task waiting in the queue is always at 0%: no figure.
  if (status === 'pending') return '⏳ Pending';
  return `❔ ${escapeCell(clip(result.Status.trim() || 'no status', 40))}${progress}`;
}

/**
 * The path in <code>, so that it reads literally and mentions nobody; a long one is shortened in
 * the middle, with the whole path (up to `maxTitleChars`; 0 for none) in its title for the mouse.
 */
export function pathCell(path: string, maxTitleChars: number): string {
  if (path === '') return '';
  const shown = clipMiddle(path, PATH_CHARS);
  const title =
    shown === path || maxTitleChars <= 0 ? '' : ` title="${attrText(clip(path, maxTitleChars))}"`;
  return `<code${title}>${escapeCell(shown)}</code>`;
}

/** IDs as they came when they are plain (they always are); anything else escaped. */
export function idCell(id: string): string {
  return /^[A-Za-z0-9-]{1,40}$/.test(id) ? id : escapeCell(clip(id, 40));
}

const SECONDS_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?Z$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * "18:32:02" on the run's day, "Dec 1 18:32:02" on another (UTC, said in the header): no hyphen
 * and only non-breaking spaces, so the cell never wraps. A time in another form is shown escaped.
 */
export function timeCell(creationTime: string, now: number | undefined): string {
  const trimmed = creationTime.trim();
  const today = now === undefined ? undefined : runDay(now);
  const sameDay = today !== undefined && trimmed.startsWith(today.date);
  // The common case, as the API writes it, without a regex match array for every row.
  if (sameDay && SECONDS_Z.test(trimmed)) return trimmed.slice(11, 19);
  const match = ISO.exec(trimmed);
  // Another form, shown as it came: its hyphens become non-breaking ones (U+2011) too.
  if (!match) return unbroken(escapeCell(clip(trimmed, 40)).replace(/\\-/g, '\u2011'));
  const [, year, month, day, hour, minute, second = '00'] = match;
  const time = `${hour}:${minute}:${second}`;
  if (sameDay) return time;
  const name = MONTHS[Number(month) - 1] ?? month;
  const thisYear = today === undefined || today.year === year;
  return unbroken(`${name} ${Number(day)}${thisYear ? '' : ` ${year}`} ${time}`);
}

/** The run's UTC day, worked out once per clock reading rather than once per row. */
let lastDay: { now: number; date: string; year: string } | undefined;
function runDay(now: number): { date: string; year: string } {
  if (lastDay?.now !== now) {
    const date = new Date(now).toISOString().slice(0, 10);
    lastDay = { now, date, year: date.slice(0, 4) };
  }
  return lastDay;
}
