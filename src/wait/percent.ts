// Reads the API's progress string ("40%"), for the schedule's forecast and the log line.

/** "40%" -> 40; anything unparsable counts as 0. */
export function percent(process: string): number {
  const value = Number.parseFloat(process);
  return Number.isFinite(value) ? Math.min(100, Math.max(0, value)) : 0;
}
