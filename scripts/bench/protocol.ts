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

export interface SimConfig {
  variant: Variant;
  ids: string[];
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
  /** Virtual clock at the start (the emulator's clock is set to it too). */
  start: number;
  seed: number;
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  timeoutMs: number;
  maxRequestsPerSecond: number;
  /** Simulated network round trip, in virtual time. */
  rttMs: number;
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
export interface ContentionConfig {
  /** adaptive: each copy's own limiter as shipped; perfect: copies also share one ideal 30/s queue. */
  variant: 'adaptive' | 'perfect';
  copies: { ids: string[]; startMs: number }[];
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
  start: number;
  seed: number;
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  timeoutMs: number;
  maxRequestsPerSecond: number;
  accountLimitPerSecond: number;
  rttMs: number;
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
