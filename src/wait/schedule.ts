// When to poll, and which tasks to ask about: the schedules the poller (and the benchmark) can
// run. The default reads each task's progress; the plain ones ignore it. The round protocol is in
// schedule/types.ts, the progress policy at the top of schedule/progress.ts.

import type { Random } from '../shared/time.ts';
import { plainSchedule } from './schedule/plain.ts';
import { ProgressSchedule } from './schedule/progress.ts';
import type { Schedule, ScheduleBounds, ScheduleName } from './schedule/types.ts';

export type { Round, Schedule, ScheduleBounds, ScheduleName } from './schedule/types.ts';

export function createSchedule(
  name: ScheduleName,
  bounds: ScheduleBounds,
  random: Random
): Schedule {
  return name === 'progress' ? new ProgressSchedule(bounds) : plainSchedule(name, bounds, random);
}
