// Sign-in's building blocks: scrypt hashes, the users file's validation, and the load balancer's signed claims.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hashPassword, parsePasswordHash, PasswordHashFormatError, verifyPassword } from '../../dashboard/auth/password-hash';
import { readUsersFile, UsersFileError } from '../../dashboard/auth/users-file';
import { AlbClaimsError, createAlbVerifier } from '../../dashboard/auth/alb-oidc';
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

test('log masking keeps no whole e-mail or phone', () => {
  assert.equal(maskIdentifier('jane.doe@example.com'), 'j***@example.com');
  assert.equal(maskIdentifier('+13055550123'), '+1305***23');
  assert.equal(maskIdentifier('ops'), 'ops');
});
