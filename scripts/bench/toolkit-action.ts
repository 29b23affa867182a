// Second start-up floor: a trivial action on the same toolkit as this one (@actions/core and
// @actions/github), which sends one request and stops. The benchmark bundles it with ncc into a
// temporary directory; it is never part of dist/.

import * as core from '@actions/core';
import * as github from '@actions/github';
import { HttpClient } from '@actions/http-client';

const endpoint = new URL(core.getInput('endpoint', { required: true }));
core.debug(`event ${github.context.eventName || '-'}`);
const client = new HttpClient('toolkit-floor', [], { allowRetries: false });
const response = await client.post(`${endpoint.origin}/`, '');
await response.readBody();
client.dispose();
core.setOutput('status', 'complete');
