// Baseline (b): the official Alibaba Cloud SDK as the poller's TaskApi, so it runs on exactly this
// action's schedule and ceiling and only the client differs (per-call CPU, memory, start-up).

import dcdnModule from '@alicloud/dcdn20180115';
import openApiModule from '@alicloud/openapi-client';
import { TransientError } from '../../src/shared/errors.ts';
import type { DescribeResult, Task, TaskApi } from '../../src/wait/task.ts';

// CommonJS packages: the default import is module.exports; the client class is its `default`.
const SdkClient = dcdnModule.default;
const { DescribeDcdnRefreshTaskByIdRequest } = dcdnModule;
const { Config } = openApiModule;

export interface SdkApiOptions {
  endpoint: URL;
  accessKeyId: string;
  accessKeySecret: string;
}

export function createSdkApi(options: SdkApiOptions): TaskApi & { requestsSent: number } {
  const client = new SdkClient(
    new Config({
      accessKeyId: options.accessKeyId,
      accessKeySecret: options.accessKeySecret,
      endpoint: options.endpoint.host,
      protocol: options.endpoint.protocol.replace(':', '')
    })
  );
  const api = {
    requestsSent: 0,
    async describeTasks(ids: readonly string[]): Promise<DescribeResult> {
      api.requestsSent += 1;
      try {
        const response = await client.describeDcdnRefreshTaskById(
          new DescribeDcdnRefreshTaskByIdRequest({ taskId: ids.join(',') })
        );
        const tasks: Task[] = (response.body?.tasks ?? []).map((t) => ({
          TaskId: t.taskId ?? '',
          Status: t.status ?? '',
          Process: t.process ?? '',
          ObjectType: t.objectType ?? '',
          ObjectPath: t.objectPath ?? '',
          CreationTime: t.creationTime ?? '',
          Description: t.description ?? ''
        }));
        return { tasks, requestId: response.body?.requestId ?? '' };
      } catch (error) {
        // The SDK itself never retries; the poller treats a failed batch as "ask again next round".
        throw new TransientError(`SDK call failed: ${(error as Error).message}`);
      }
    }
  };
  return api;
}
