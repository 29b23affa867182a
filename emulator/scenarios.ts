// Ready-made task sets. Timelines are relative to when the emulator receives them, so the same
// scenario works in real time (CLI, demo) and with an injected clock (tests).
import type { EmulatorOptions, TaskScript } from './types.ts';

/** What a scenario may set besides its tasks. */
type ScenarioOptions = Pick<EmulatorOptions, 'domains' | 'offlineDomains' | 'quotas' | 'taskRules'>;

export interface Scenario {
  name: string;
  description: string;
  tasks: TaskScript[];
  options?: ScenarioOptions;
}

/** Refresh and prefetch tasks finishing within 1-4 s of real time; one fails. */
export const demoScenario: Scenario = {
  name: 'demo',
  description: 'six refresh/prefetch tasks finishing within 1-4 s, one Failed (Origin Timeout)',
  tasks: [
    {
      id: '704222904',
      path: 'https://www.example.com/index.html',
      type: 'file',
      pendingMs: 300,
      refreshMs: 900
    },
    {
      id: '704222905',
      path: 'https://www.example.com/static/',
      type: 'directory',
      pendingMs: 500,
      refreshMs: 2500
    },
    {
      id: '704222906',
      path: 'https://www.example.com/assets/app.js',
      type: 'preload',
      pendingMs: 400,
      refreshMs: 1600
    },
    {
      id: '704222907',
      path: 'https://www.example.com/assets/hero.jpg',
      type: 'preload',
      pendingMs: 600,
      refreshMs: 1400,
      outcome: 'Failed',
      description: 'Origin Timeout'
    },
    {
      id: '704222908',
      path: 'https://www.example.com/css/site.css',
      type: 'file',
      pendingMs: 200,
      refreshMs: 800
    },
    {
      id: '704222909',
      path: 'https://www.example.com/video/intro.mp4',
      type: 'preload',
      pendingMs: 1000,
      refreshMs: 3000
    }
  ]
};

const emptyScenario: Scenario = {
  name: 'empty',
  description: 'no tasks: every ID is unknown',
  tasks: []
};

/**
 * For a demo that submits its own refreshes and prefetches: two domains; every submitted task is
 * done within 1-3 s of real time, except prefetches of paths containing /slow/, which fail with
 * Origin Timeout.
 */
export const demoSubmitScenario: Scenario = {
  name: 'submit-demo',
  description:
    'submissions for www.example.com and static.example.com, done within 1-3 s; ' +
    'prefetches of /slow/ paths fail (Origin Timeout)',
  tasks: [],
  options: {
    domains: ['www.example.com', 'static.example.com'],
    taskRules: [
      {
        match: /\/slow\//,
        kind: 'preload',
        pendingMs: 600,
        refreshMs: 1400,
        outcome: 'Failed',
        description: 'Origin Timeout'
      },
      { kind: 'file', pendingMs: 300, refreshMs: 900 },
      { kind: 'directory', pendingMs: 500, refreshMs: 2500 },
      { kind: 'preload', pendingMs: 400, refreshMs: 1600 },
      { pendingMs: 500, refreshMs: 1500 }
    ]
  }
};

export const scenarios: Readonly<Record<string, Scenario>> = {
  demo: demoScenario,
  empty: emptyScenario,
  'submit-demo': demoSubmitScenario
};

export const DEMO_TASK_IDS: readonly string[] = demoScenario.tasks.map((t) => t.id);
