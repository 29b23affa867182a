// Which answers mean "the account (or its queue) is busy": the rate limiter slows the whole run
// for these, and for nothing else (a 5xx or a bad key says nothing about the account's rate).

const QUEUE_FULL = new Set([
  'TooMany.Refresh',
  'PreloadQueueFull',
  'QuotaPerMinuteExceeded.Refresh'
]);

export function isThrottling(httpStatus: number, code: string): boolean {
  return (
    httpStatus === 429 ||
    code === 'TooManyRequests' ||
    code.startsWith('Throttling') ||
    QUEUE_FULL.has(code)
  );
}
