// Sign-in's building blocks: scrypt hashes, the users file's validation, and the load balancer's signed claims.
import { after, before, describe, test } from 'node:test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hashPassword, parsePasswordHash, PasswordHashFormatError, verifyPassword } from '../../dashboard/auth/password-hash';
import { readUsersFile, UsersFileError } from '../../dashboard/auth/users-file';
import { ALB_CLAIMS_HEADER, AlbClaimsError, albKeysUrl, createAlbVerifier } from '../../dashboard/auth/alb-oidc';
import { createTestDatabase, type TestDatabase } from '../support/services';
import { startDashboard, type Harness } from './dashboard-harness';
import { maskIdentifier } from '../../dashboard/mask';

describe('password hashes', () => {
  test('a hash verifies its password only, and never contains it', async () => {
    const h = await hashPassword('s3cret-Pass', { N: 1024, r: 8, p: 1 });
    assert.match(h, /^scrypt\$1024\$8\$1\$/);
    assert.ok(!h.includes('s3cret'));
    assert.equal(await verifyPassword('s3cret-Pass', h), true);
    assert.equal(await verifyPassword('s3cret-pass', h), false);
    assert.notEqual(await hashPassword('s3cret-Pass', { N: 1024, r: 8, p: 1 }), h, 'a random salt per hash');
  });
  test('a malformed hash is named as such', () => {
    assert.throws(() => parsePasswordHash('md5$abc'), PasswordHashFormatError);
  });
});

describe('users file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'users-'));
  const write = (name: string, content: unknown) => {
    const p = path.join(dir, name);
    writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
    return p;
  };
  test('a missing file is no users', async () => {
    assert.deepEqual(await readUsersFile(path.join(dir, 'absent.json')), []);
  });
  test('a bad role, a plain-text password, a duplicate and broken JSON are refused naming the entry', async () => {
    const hash = await hashPassword('x'.repeat(10), { N: 1024, r: 8, p: 1 });
    await assert.rejects(readUsersFile(write('a.json', [{ username: 'a', roles: ['root'], passwordHash: hash }])), (e: Error) => e instanceof UsersFileError && /user 1: roles\.0/.test(e.message));
    await assert.rejects(readUsersFile(write('b.json', [{ username: 'a', roles: ['admin'], passwordHash: 'hunter2' }])), /user 1: passwordHash must be a scrypt hash/);
    await assert.rejects(readUsersFile(write('c.json', [{ username: 'a', roles: ['admin'], passwordHash: hash }, { username: 'a', roles: ['admin'], passwordHash: hash }])), /appears twice/);
    await assert.rejects(readUsersFile(write('d.json', '{')), /not JSON/);
  });
});

describe('load balancer OIDC claims', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const alb = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/contacts-dev-dashboard/abc';
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const token = (header: Record<string, unknown>, claims: Record<string, unknown>, key = privateKey) => {
    const signingInput = `${b64({ alg: 'ES256', kid: 'k-1', signer: alb, exp: Math.floor(Date.now() / 1000) + 60, ...header })}.${b64(claims)}`;
    return `${signingInput}.${sign('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
  };
  const fetched: string[] = [];
  const verify = createAlbVerifier({ albArn: alb, keysUrl: 'https://keys.example/', rolesClaim: 'dashboard_roles', fetchKey: async (url) => { fetched.push(url); return pem; } });

  test('a token our load balancer signed gives the user, their known roles and an oidc actor', async () => {
    const user = await verify(token({}, { sub: 's-1', email: 'ann@example.com', dashboard_roles: ['reviewer', 'janitor'] }));
    assert.deepEqual(user, { username: 'ann@example.com', roles: ['reviewer'], actor: 'oidc:ann@example.com' });
    await verify(token({}, { sub: 's-2', dashboard_roles: 'admin,operations' }));
    assert.deepEqual(fetched, ['https://keys.example/k-1'], 'the key is fetched once by key id');
  });
  test('another signer, another key, an expired token or a forged payload are refused', async () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
    await assert.rejects(verify(token({ signer: 'arn:other' }, { sub: 'x' })), /not signed by this load balancer/);
    await assert.rejects(verify(token({}, { sub: 'x' }, other)), AlbClaimsError);
    await assert.rejects(verify(token({ exp: Math.floor(Date.now() / 1000) - 1 }, { sub: 'x' })), /expired/);
    const [h, , s] = token({}, { sub: 'x', dashboard_roles: ['operations'] }).split('.');
    await assert.rejects(verify(`${h}.${b64({ sub: 'x', dashboard_roles: ['admin'] })}.${s}`), /signature does not verify/);
  });
});

describe('load balancer OIDC claims, keys fetched over HTTP from a key server on loopback', { timeout: 60_000 }, () => {
  // The load balancer's key endpoint serves each public key as PEM at /<kid>; this one serves ours, an RSA key (the
  // wrong kind) and nothing else, and counts what it was asked.
  const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const alb = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/contacts-prod-dashboard/0123456789abcdef';
  const served: Record<string, string> = {
    '/k-ec': ec.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    '/k-rsa': rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
  const asked: string[] = [];
  let server: Server;
  let keysUrl = '';
  let db: TestDatabase;
  let dash: Harness;
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const token = (header: Record<string, unknown>, claims: Record<string, unknown>, key = ec.privateKey) => {
    const signingInput = `${b64({ alg: 'ES256', kid: 'k-ec', signer: alb, iss: 'https://idp.example', client: 'dash', exp: Math.floor(Date.now() / 1000) + 120, ...header })}.${b64(claims)}`;
    return `${signingInput}.${sign('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
  };

  before(async () => {
    server = createServer((req, res) => {
      asked.push(req.url ?? '');
      const pem = served[req.url ?? ''];
      res.writeHead(pem ? 200 : 404, { 'content-type': 'text/plain' }).end(pem ?? 'no such key');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    keysUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    db = await createTestDatabase('dash_alb');
    dash = await startDashboard(db, {
      settings: { DASHBOARD_AUTH: 'alb-oidc', DASHBOARD_ALB_ARN: alb },
      verifyAlbClaims: createAlbVerifier({ albArn: alb, keysUrl, rolesClaim: 'dashboard_roles' }),
    });
  });
  after(async () => {
    await dash?.close();
    await db?.drop();
    await new Promise((resolve) => server?.close(resolve));
  });

  test('the regional key endpoint follows from the load balancer ARN', () => {
    assert.equal(albKeysUrl(alb), 'https://public-keys.auth.elb.eu-west-1.amazonaws.com');
    assert.throws(() => albKeysUrl('arn:aws:s3:::bucket'), AlbClaimsError);
  });

  test('concurrent first requests fetch the key once; it is kept; padded base64 parts verify too', async () => {
    const verify = createAlbVerifier({ albArn: alb, keysUrl, rolesClaim: 'dashboard_roles' });
    const before = asked.length;
    const users = await Promise.all([1, 2, 3].map((i) => verify(token({}, { sub: `s-${i}`, email: `u${i}@example.com`, dashboard_roles: 'operations' }))));
    assert.deepEqual(users.map((u) => u.actor), ['oidc:u1@example.com', 'oidc:u2@example.com', 'oidc:u3@example.com']);
    // The load balancer's encoder pads its base64 parts with '=': the signature covers the parts as sent.
    const pad = (part: string) => part + '='.repeat((4 - (part.length % 4)) % 4);
    const input = `${pad(b64({ alg: 'ES256', kid: 'k-ec', signer: alb, exp: Math.floor(Date.now() / 1000) + 120 }))}.${pad(b64({ sub: 's-9x' }))}`;
    const padded = `${input}.${pad(sign('sha256', Buffer.from(input), { key: ec.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url'))}`;
    assert.ok(padded.includes('='), 'the parts are padded');
    assert.equal((await verify(padded)).username, 's-9x');
    assert.deepEqual(asked.slice(before), ['/k-ec']);
  });

  test('an unknown key id, a key of the wrong kind and a key server that answers nothing are refused, and not kept', async () => {
    const verify = createAlbVerifier({ albArn: alb, keysUrl, rolesClaim: 'dashboard_roles' });
    await assert.rejects(verify(token({ kid: 'k-gone' }, { sub: 'x' })), /HTTP 404/);
    await assert.rejects(verify(token({ kid: 'k-gone' }, { sub: 'x' })), /HTTP 404/);
    assert.equal(asked.filter((u) => u === '/k-gone').length, 2, 'a failed fetch is tried again on the next request');
    await assert.rejects(verify(token({ kid: 'k-rsa' }, { sub: 'x' })), /not a P-256 key/);
    await assert.rejects(verify(token({ kid: '../k-ec' }, { sub: 'x' })), /no valid key id/);
    const closed = createAlbVerifier({ albArn: alb, keysUrl: 'http://127.0.0.1:1', rolesClaim: 'dashboard_roles' });
    await assert.rejects(closed(token({}, { sub: 'x' })));
  });

  test('through the dashboard: signed claims sign the person in with their roles; no header, a forged or expired one do not', async () => {
    const get = (headers: Record<string, string> = {}) => dash.app.inject({ method: 'GET', url: '/api/lists', headers });
    assert.equal((await get({ [ALB_CLAIMS_HEADER]: token({}, { sub: 'o-1', email: 'ops@example.com', dashboard_roles: ['operations'] }) })).statusCode, 200);
    assert.equal((await get({ [ALB_CLAIMS_HEADER]: token({}, { sub: 'r-1', dashboard_roles: ['reviewer'] }) })).statusCode, 403, 'a reviewer may not read the lists');
    assert.equal((await get()).statusCode, 401);
    const [h, , s] = token({}, { sub: 'r-1', dashboard_roles: ['reviewer'] }).split('.');
    assert.equal((await get({ [ALB_CLAIMS_HEADER]: `${h}.${b64({ sub: 'r-1', dashboard_roles: ['admin'] })}.${s}` })).statusCode, 401, 'roles raised in a forged payload');
    assert.equal((await get({ [ALB_CLAIMS_HEADER]: token({ exp: Math.floor(Date.now() / 1000) - 5 }, { sub: 'o-1', dashboard_roles: ['operations'] }) })).statusCode, 401);
    assert.equal((await get({ [ALB_CLAIMS_HEADER]: token({ signer: alb.replace('0123', '9999') }, { sub: 'o-1', dashboard_roles: ['operations'] }) })).statusCode, 401, 'another load balancer');
  });
});

test('log masking keeps no whole e-mail or phone', () => {
  assert.equal(maskIdentifier('jane.doe@example.com'), 'j***@example.com');
  assert.equal(maskIdentifier('+13055550123'), '+1305***23');
  assert.equal(maskIdentifier('ops'), 'ops');
});
