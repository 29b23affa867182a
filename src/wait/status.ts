// What a row's Status means. The API's own spelling is Complete, Failed, Pending, Refreshing, but
// an answer may differ in case or carry spaces ("FAILED", " complete "): classify through here,
// and keep the raw value for display.

export type StatusKind = 'complete' | 'failed' | 'open';

const KNOWN = ['Complete', 'Failed', 'Pending', 'Refreshing'] as const;
const EXACT: ReadonlySet<string> = new Set(KNOWN);
const BY_KEY = new Map<string, string>(KNOWN.map((name) => [name.toLowerCase(), name]));

/** The API's spelling of a known status (case-insensitive, spaces trimmed), else the raw value. */
export function canonicalStatus(status: string): string {
  // Nearly every row is spelt as documented: no lower-cased copy for those, per task per round.
  if (EXACT.has(status)) return status;
  return BY_KEY.get(status.trim().toLowerCase()) ?? status;
}

/** Whether the API documents this status (in any case, with or without surrounding spaces). */
export function isKnownStatus(status: string): boolean {
  return BY_KEY.has(status.trim().toLowerCase());
}

/** Complete and Failed are terminal; anything else (Pending, Refreshing, unknown) is open. */
export function statusKind(status: string): StatusKind {
  const name = canonicalStatus(status);
  return name === 'Complete' ? 'complete' : name === 'Failed' ? 'failed' : 'open';
}

/** Distinct unknown statuses kept for the run's one warning; more are not worth naming. */
export const MAX_UNKNOWN_STATUSES = 10;

/** Collects the distinct statuses the API sent that it does not document, as they came. */
export class UnknownStatuses {
  private readonly seen = new Set<string>();

  note(status: string): void {
    if (this.seen.size < MAX_UNKNOWN_STATUSES && !isKnownStatus(status)) this.seen.add(status);
  }

  list(): string[] {
    return [...this.seen];
  }
}
