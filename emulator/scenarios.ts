// Ready-made task sets. Timelines are relative to when the emulator receives them, so the same
// scenario works in real time (CLI, demo) and with an injected clock (tests).
import type { TaskScript } from './types.ts';

export interface Scenario {
  name: string;
  description: string;
  tasks: TaskScript[];
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

export const emptyScenario: Scenario = {
  name: 'empty',
  description: 'no tasks: every ID is unknown',
  tasks: []
};

export const scenarios: Readonly<Record<string, Scenario>> = {
  demo: demoScenario,
  empty: emptyScenario
};

export const DEMO_TASK_IDS: readonly string[] = demoScenario.tasks.map((t) => t.id);
