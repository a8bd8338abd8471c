// The workflow type names clients start by (config/constants.ts) are the workflows the worker's bundle exports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WORKFLOW_TYPES } from '../../config/constants';
import * as workflows from '../../workflows/index';

// Fails to compile when a name in WORKFLOW_TYPES is not an export of workflows/index.ts.
const names: ReadonlyArray<keyof typeof workflows> = Object.values(WORKFLOW_TYPES);

test('every WORKFLOW_TYPES name is a workflow function workflows/index.ts exports', () => {
  assert.ok(names.length > 0);
  for (const name of names) assert.equal(typeof workflows[name], 'function', `${name} is exported by workflows/index.ts`);
});
