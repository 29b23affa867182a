// Messages between the benchmark (which owns the emulator) and one simulated run in a child
// process (which owns the virtual clock), so the child's CPU and memory are the client's alone.

import type { ScheduleName } from '../../src/wait/schedule.ts';

/**
 * progress / backoff: this action's poller, DcdnClient and transport, with that schedule.
 * one-per-call: baseline (a), one ID per call in turn, then a fixed pause, as the nearest existing
 * action and the CLI waiter do. sdk: baseline (b), the official SDK client on this action's
 * (progress) schedule and ceiling.
 */
export type Variant = ScheduleName | 'one-per-call' | 'sdk';

/** The action's polling inputs and the simulated network, as every simulated client takes them. */
export interface PollSettings {
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  timeoutMs: number;
  maxRequestsPerSecond: number;
  /** Simulated network round trip, in virtual time. */
  rttMs: number;
}

/** Where a simulated client sends its calls and with which key; the virtual clock's start. */
interface ClientBase extends PollSettings {
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
  /** Virtual clock at the start (the emulator's clock is set to it too). */
  start: number;
  seed: number;
}

export interface SimConfig extends ClientBase {
  variant: Variant;
  ids: string[];
}

export interface RoundSummary {
  /** Virtual time at the end of the round. */
  at: number;
  /** IDs asked about, and IDs open when the round started (what an honest minimum counts). */
  ids: number;
  open: number;
  calls: number;
}

export interface SimResult {
  end: string;
  startAt: number;
  endAt: number;
  rounds: RoundSummary[];
  /** HTTP requests sent by the client (retries included). */
  requestsSent: number;
  /** CPU time of the polling itself (after start-up), ms. */
  cpuMs: number;
  /** Loading the client code: wall and CPU ms from process start to ready. */
  bootMs: number;
  bootCpuMs: number;
  /** Peak resident set size of the client process, bytes. */
  maxRssBytes: number;
  heapUsedBytes: number;
  /** Lines the action would log (one per round). */
  logLines: number;
}

export type ChildMessage =
  | { type: 'time'; now: number }
  | { type: 'result'; result: SimResult }
  | { type: 'error'; message: string };

/** Several copies of the action sharing one emulator account, in one process and one clock. */
export interface ContentionConfig extends ClientBase {
  /** adaptive: each copy's own limiter as shipped; perfect: copies also share one ideal 30/s queue. */
  variant: 'adaptive' | 'perfect';
  copies: { ids: string[]; startMs: number }[];
  accountLimitPerSecond: number;
}

export interface ContentionResult {
  /** Per copy: how it ended, when it started and ended (virtual), requests it sent. */
  copies: { end: string; startAt: number; endAt: number; requestsSent: number }[];
}

export type ContentionMessage =
  | { type: 'time'; now: number }
  | { type: 'result'; result: ContentionResult }
  | { type: 'error'; message: string };

export type ParentMessage =
  | { type: 'start'; config: SimConfig }
  | { type: 'start-contention'; config: ContentionConfig }
  | { type: 'ack' };
