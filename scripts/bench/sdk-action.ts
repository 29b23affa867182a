// Baseline for start-up time and bundle size: the smallest reasonable action built on the official
// Alibaba Cloud SDK (what a team would write by hand). The benchmark bundles it with ncc into a
// temporary directory; it is never part of dist/.

import * as core from '@actions/core';
import dcdnModule from '@alicloud/dcdn20180115';
import openApiModule from '@alicloud/openapi-client';

const SdkClient = dcdnModule.default;
const { DescribeDcdnRefreshTaskByIdRequest } = dcdnModule;
const { Config } = openApiModule;

const ids = core
  .getInput('task-ids', { required: true })
  .split(/[\s,]+/)
  .filter(Boolean);
const endpoint = new URL(core.getInput('endpoint') || 'https://dcdn.aliyuncs.com');
const intervalMs = Number(core.getInput('poll-interval-ms') || 5000);
const client = new SdkClient(
  new Config({
    accessKeyId: process.env.ALIBABA_CLOUD_ACCESS_KEY_ID,
    accessKeySecret: process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
    endpoint: endpoint.host,
    protocol: endpoint.protocol.replace(':', '')
  })
);

const open = new Set(ids);
const failed: string[] = [];
while (open.size > 0) {
  const batch = [...open];
  for (let i = 0; i < batch.length; i += 10) {
    const response = await client.describeDcdnRefreshTaskById(
      new DescribeDcdnRefreshTaskByIdRequest({ taskId: batch.slice(i, i + 10).join(',') })
    );
    for (const task of response.body?.tasks ?? []) {
      if (task.status === 'Complete' || task.status === 'Failed') open.delete(task.taskId ?? '');
      if (task.status === 'Failed') failed.push(task.taskId ?? '');
    }
  }
  core.info(`${ids.length - open.size}/${ids.length} done`);
  if (open.size > 0) await new Promise((resolve) => setTimeout(resolve, intervalMs));
}
core.setOutput('status', failed.length ? 'failed' : 'complete');
if (failed.length) core.setFailed(`failed: ${failed.join(',')}`);
