// Applying schedules on the real Temporal dev server: created once, updated (not duplicated) on a second apply,
// overlap policy skip, undeclared ones with the prefix removed, and listing shows what is declared and present.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ScheduleOverlapPolicy } from '@temporalio/client';
import { WORKFLOW_TYPES } from '../../config/constants';
import { applySchedules, describeSchedules, scheduleDeclarations, type ScheduleDeclaration } from '../../starters/schedules';
import { baseConfig, uniqueName } from '../support/services';
import { temporalClient } from '../support/temporal';

describe('schedules', { timeout: 120_000 }, () => {
  let temporal: Awaited<ReturnType<typeof temporalClient>>;
  // A prefix of this run only, so applying never touches anyone else's schedules in the namespace.
  const prefix = `${uniqueName('contacts-test')}-`;
  const declaration = (name: string, hour: number): ScheduleDeclaration => ({
    id: `${prefix}${name}`, summary: `test ${name}`, spec: { calendars: [{ hour, minute: 5 }] },
    workflowType: WORKFLOW_TYPES.hello, workflowId: `hello-${prefix}${name}`, args: [{ name }],
  });

  before(async () => {
    temporal = await temporalClient();
  });
  after(async () => {
    for await (const s of temporal.client.schedule.list()) if (s.scheduleId.startsWith(prefix)) await temporal.client.schedule.getHandle(s.scheduleId).delete();
    await temporal.close();
  });

  test('the project declares its schedules with the project prefix, each with a distinct id', () => {
    const declared = scheduleDeclarations(baseConfig);
    assert.equal(new Set(declared.map((d) => d.id)).size, declared.length);
    for (const d of declared) assert.match(d.id, /^contacts-/);
  });

  test('apply creates, re-apply updates in place, an undeclared one is removed', async () => {
    const first = await applySchedules(temporal.client, 'tq-a', [declaration('a', 2), declaration('b', 3)], prefix);
    assert.deepEqual(first, [{ id: `${prefix}a`, action: 'created' }, { id: `${prefix}b`, action: 'created' }]);
    const second = await applySchedules(temporal.client, 'tq-b', [declaration('a', 4)], prefix);
    assert.deepEqual(second, [{ id: `${prefix}a`, action: 'updated' }, { id: `${prefix}b`, action: 'deleted' }]);
    const desc = await temporal.client.schedule.getHandle(`${prefix}a`).describe();
    assert.equal(desc.policies.overlap, ScheduleOverlapPolicy.SKIP);
    assert.equal(desc.action.type === 'startWorkflow' && desc.action.taskQueue, 'tq-b');
    assert.deepEqual(desc.spec.calendars?.[0]?.hour, [{ start: 4, end: 4, step: 1 }]);
    const states = await describeSchedules(temporal.client, [declaration('a', 4), declaration('c', 5)], prefix);
    assert.deepEqual(states.map((s) => [s.id, s.declared, s.present]), [[`${prefix}a`, true, true], [`${prefix}c`, true, false]]);
    assert.equal(states[0]!.nextRuns.length > 0, true);
  });
});
