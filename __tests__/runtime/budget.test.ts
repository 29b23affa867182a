import { budgeted } from '../../src/runtime/budget.ts';
import type { Transport } from '../../src/alibaba/transport.ts';
import { BudgetExceededError, CancelledError } from '../../src/shared/errors.ts';
import { fakeTime } from '../helpers/fake-time.ts';

function recordingTransport(): { transport: Transport; limits: number[] } {
  const limits: number[] = [];
  return {
    limits,
    transport: {
      send: async (_request, timeoutMs) => {
        limits.push(timeoutMs);
        return { status: 200, headers: {}, body: '{}' };
      },
      close: () => undefined
    }
  };
}

const REQUEST = { method: 'POST', url: 'http://127.0.0.1/', headers: {}, body: '' };

describe('the timeout is a hard budget', () => {
  test('a request never gets more time than the budget has left', async () => {
    const time = fakeTime(0);
    const { transport, limits } = recordingTransport();
    const budget = budgeted({ transport, sleep: time.sleep, clock: time.clock }, 2000, 500);
    await budget.transport.send(REQUEST, 15_000);
    await time.sleep(1500);
    await budget.transport.send(REQUEST, 15_000);
    expect(limits).toEqual([2500, 1000]);
    expect(budget.spent()).toBe(false);
  });

  test('past the budget nothing is sent, and the error is a cancellation', async () => {
    const time = fakeTime(0);
    const { transport, limits } = recordingTransport();
    const budget = budgeted({ transport, sleep: time.sleep, clock: time.clock }, 1000, 0);
    await time.sleep(1000);
    const sent = budget.transport.send(REQUEST, 15_000);
    await expect(sent).rejects.toBeInstanceOf(BudgetExceededError);
    await expect(budget.transport.send(REQUEST, 1)).rejects.toBeInstanceOf(CancelledError);
    expect(limits).toEqual([]);
    expect(budget.spent()).toBe(true);
  });

  test('a sleep is cut at the end of the budget and then stops the caller', async () => {
    const time = fakeTime(0);
    const { transport } = recordingTransport();
    const budget = budgeted({ transport, sleep: time.sleep, clock: time.clock }, 1000, 200);
    await budget.sleep(300);
    await expect(budget.sleep(60_000)).rejects.toBeInstanceOf(BudgetExceededError);
    expect(time.sleeps).toEqual([300, 900]);
    expect(time.clock()).toBe(1200);
  });
});
