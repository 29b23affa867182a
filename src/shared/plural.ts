// Counts in words: "1 API call", "2 API calls", "1,000 tasks". Never "task(s)".

/**
 * A count as people read it: 1,000 rather than 1000. Digits are grouped by hand: the first
 * toLocaleString call loads ICU's number data, about 4 ms of start-up before the first request.
 */
export function formatCount(count: number): string {
  if (!Number.isSafeInteger(count)) return count.toLocaleString('en-US');
  return String(count).replace(/\B(?=(\d{3})+$)/g, ',');
}

/** "1 task", "2 tasks"; irregular nouns give their plural ("1 is", "2 are" style words too). */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}

/** Only the noun or verb for a count: `${n} ${word(n, 'row', 'rows')}`. */
export function word(count: number, singular: string, pluralForm = `${singular}s`): string {
  return count === 1 ? singular : pluralForm;
}
