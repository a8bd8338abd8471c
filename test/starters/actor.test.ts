// Who asked: --actor, then CONTACTS_ACTOR, then the OS user; anything that is not a plain name is refused naming its source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveActor } from '../../starters/actor';
import { UsageError } from '../../starters/command';

test('--actor wins over CONTACTS_ACTOR, which wins over the OS user', () => {
  assert.equal(resolveActor('  ops:jane  ', { CONTACTS_ACTOR: 'svc' }), 'ops:jane');
  assert.equal(resolveActor(undefined, { CONTACTS_ACTOR: 'compliance/bob' }), 'compliance/bob');
  assert.match(resolveActor(undefined, {}), /^cli:\S+$/);
});

test('an actor that is not a plain name is refused, naming where it came from', () => {
  assert.throws(() => resolveActor('', {}), (e: unknown) => e instanceof UsageError && /--actor must be 1-128/.test(e.message));
  assert.throws(() => resolveActor(undefined, { CONTACTS_ACTOR: 'a\nb' }), (e: unknown) => e instanceof UsageError && /CONTACTS_ACTOR must/.test(e.message));
  assert.throws(() => resolveActor('x'.repeat(129), {}), UsageError);
});
