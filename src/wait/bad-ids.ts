// A batch the API refuses because of its IDs (one ID older than 3 days, one it calls malformed)
// must not cost the other IDs their answers: the poller splits such a batch until each refused ID
// stands alone, and that ID alone is failed with the API's reason.

import { ApiError } from '../shared/errors.ts';
import type { Task } from './task.ts';

/** API codes that refuse a whole batch because of (some of) the IDs in it. */
const BAD_ID_CODES: readonly string[] = ['InvalidTime', 'InvalidTaskId.Malformed', 'InvalidTaskId'];

/** The vendor's documented messages, for when the error's text does not hold the API's own. */
const DOCUMENTED: Readonly<Record<string, string>> = {
  InvalidTime: 'The query time cannot exceed the last 3 days.',
  'InvalidTaskId.Malformed': 'The specified TaskId is invalid.',
  InvalidTaskId: 'The maximum number of taskIds is 10.'
};

export function isBadIdError(error: unknown): error is ApiError {
  return error instanceof ApiError && BAD_ID_CODES.includes(error.code);
}

/** The two halves a refused batch is asked about next (the first one the larger). */
export function halves<T>(batch: readonly T[]): [T[], T[]] {
  const mid = Math.ceil(batch.length / 2);
  return [batch.slice(0, mid), batch.slice(mid)];
}

/** "<Code>: <Message>", the API's reason for refusing an ID. */
function refusalReason(error: ApiError): string {
  return `${error.code}: ${apiMessage(error)}`;
}

/** The row that stands for a refused ID in the results: Failed, with the API's reason. */
export function refusedRow(id: string, error: ApiError): Task {
  return {
    TaskId: id,
    Status: 'Failed',
    Process: '',
    ObjectType: '',
    ObjectPath: '',
    CreationTime: '',
    Description: refusalReason(error)
  };
}

/**
 * The client words its errors "... HTTP 400 <Code>: <Message> (RequestId: ...)[. Hint: ...]":
 * take the Message from there, else the documented one, else the whole text.
 */
function apiMessage(error: ApiError): string {
  const marker = `${error.code}: `;
  const from = error.message.indexOf(marker);
  const to = error.message.lastIndexOf(' (RequestId: ');
  if (from >= 0 && to > from + marker.length) return error.message.slice(from + marker.length, to);
  return DOCUMENTED[error.code] ?? error.message;
}
