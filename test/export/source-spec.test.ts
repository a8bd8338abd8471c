// Unit tests of source argument parsing: kinds, tables, credential-free names, and errors naming the argument.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SourceSpecError, parseSourceArg, redactLocation, withTable } from '../../activities/export/source-spec';
import { sourcePassword, sourceTls } from '../../activities/export/mysql-connection';

test('mysql: table from ?table= or /db.table, name without credentials, default port', () => {
  const a = parseSourceArg('mysql:mysql://app@127.0.0.1:3306/legacy_crm?table=customers&password_env=LEGACY_PW');
  assert.equal(a.kind, 'mysql');
  assert.equal(a.table, 'customers');
  assert.equal(a.name, 'mysql:127.0.0.1:3306/legacy_crm.customers');
  assert.ok(!a.name.includes('LEGACY_PW'));
  const b = parseSourceArg('mysql:mysql://app@db.internal/legacy_crm.customers');
  assert.equal(b.name, 'mysql:db.internal:3306/legacy_crm.customers');
  const c = parseSourceArg('mysql:mysql://root@127.0.0.1:3307/legacy_crm');
  assert.equal(c.table, undefined);
  assert.equal(c.name, 'mysql:127.0.0.1:3307/legacy_crm');
  assert.equal(withTable(c, 'people').name, 'mysql:127.0.0.1:3307/legacy_crm.people');
  assert.equal(redactLocation('mysql://app:s3cret@127.0.0.1:3306/legacy_crm?table=customers'), 'mysql://app:***@127.0.0.1:3306/legacy_crm?table=customers');
});

test('sqlite and csv: absolute paths, optional table, s3 locations kept', () => {
  const s = parseSourceArg('sqlite:data/legacy.sqlite?table=contacts', '/srv/drops');
  assert.deepEqual(s, { kind: 'sqlite', location: '/srv/drops/data/legacy.sqlite', table: 'contacts', name: 'sqlite:/srv/drops/data/legacy.sqlite#contacts' });
  assert.equal(parseSourceArg('sqlite:/x/y.db').name, 'sqlite:/x/y.db');
  assert.deepEqual(parseSourceArg('csv:in/drop.csv', '/srv'), { kind: 'csv', location: '/srv/in/drop.csv', name: 'csv:/srv/in/drop.csv' });
  assert.deepEqual(parseSourceArg('csv:s3://contacts-raw/uploads/drop.csv'), {
    kind: 'csv', location: 's3://contacts-raw/uploads/drop.csv', name: 'csv:s3://contacts-raw/uploads/drop.csv',
  });
});

test('bad arguments are rejected naming the argument (password redacted) and the problem', () => {
  const cases: Array<[string, RegExp]> = [
    ['postgres:postgres://h/db', /must start with one of mysql:, sqlite:, csv:/],
    ['nocolon', /must start with one of/],
    ['csv:', /no location/],
    ['mysql:http://h/db', /must use mysql:\/\/ or mariadb:\/\//],
    ['mysql:mysql://u@h:3306/', /names no database/],
    ['mysql:mysql://u:topsecret@h:3306/db', /must not contain a password .*password_env=VAR/],
    ['mysql:mysql://u@h/db?password_env=lower-case', /password_env must name an environment variable/],
    ['mysql:mysql://h/db.a?table=b', /names two tables/],
    ['mysql:mysql://h/db?table=x;drop', /not a plain identifier/],
    ['sqlite:f.db?tabel=x', /unknown parameter\(s\) tabel/],
    ['csv:s3://Bad_Bucket', /s3:\/\/bucket\/key\.csv/],
    ['csv:https://example.com/a.csv', /file path or an s3:\/\/ URL/],
  ];
  for (const [arg, problem] of cases) {
    assert.throws(() => parseSourceArg(arg), (err: unknown) => {
      assert.ok(err instanceof SourceSpecError, `${arg}: ${String(err)}`);
      assert.match(err.message, problem);
      assert.ok(!err.message.includes('topsecret'), err.message);
      assert.match(err.message, /^invalid source "/);
      return true;
    });
  }
});

test('a mysql password comes from the worker environment variable named by ?password_env=', () => {
  const url = new URL('mysql://app@db.internal/legacy_crm?password_env=LEGACY_PW');
  assert.equal(sourcePassword(url, { LEGACY_PW: 's3cret' }), 's3cret');
  assert.throws(() => sourcePassword(url, {}), /environment variable LEGACY_PW \(named by \?password_env=\) is not set on this worker/);
  assert.equal(sourcePassword(new URL('mysql://root@127.0.0.1/db'), {}), '');
});

test('a mysql source may ask for verified TLS with a CA file or the RDS bundle; bad TLS options are rejected naming them', () => {
  const spec = parseSourceArg('mysql:mysql://app@crm.internal:3306/legacy_crm?table=customers&password_env=LEGACY_PW&tls=verify&tls_ca=/etc/ssl/crm-ca.pem');
  assert.equal(spec.name, 'mysql:crm.internal:3306/legacy_crm.customers', 'the TLS options are not part of the source identity');
  assert.deepEqual(sourceTls(new URL(spec.location)), { mode: 'verify', ca: '/etc/ssl/crm-ca.pem' });
  assert.deepEqual(sourceTls(new URL(parseSourceArg('mysql:mysql://app@crm.internal/legacy_crm?tls=verify&tls_ca=rds').location)), { mode: 'verify', ca: 'rds' });
  assert.deepEqual(sourceTls(new URL(parseSourceArg('mysql:mysql://app@crm.internal/legacy_crm').location)), { mode: 'off' });
  const bad: Array<[string, RegExp]> = [
    ['mysql:mysql://app@crm.internal/legacy_crm?tls=required', /tls must be verify or off/],
    ['mysql:mysql://app@crm.internal/legacy_crm?tls_ca=/ca.pem', /tls_ca needs tls=verify/],
    ['mysql:mysql://app@crm.internal/legacy_crm?tls=verify&tls_ca=ca.pem', /tls_ca must be rds or an absolute path/],
    ['mysql:mysql://app@10.1.2.3/legacy_crm?tls=verify', /host name, not the address 10\.1\.2\.3/],
  ];
  for (const [argument, problem] of bad) assert.throws(() => parseSourceArg(argument), (err: Error) => err instanceof SourceSpecError && problem.test(err.message));
});
