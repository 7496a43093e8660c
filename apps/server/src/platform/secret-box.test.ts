import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createSecretBox } from './secret-box.ts';

const box = createSecretBox(randomBytes(32));

test('a sealed secret opens with its key and owner, and only then', () => {
  const sealed = box.seal('JBSWY3DPEHPK3PXP', 'user-1');
  assert.doesNotMatch(sealed, /JBSWY3DPEHPK3PXP/);
  assert.equal(box.open(sealed, 'user-1'), 'JBSWY3DPEHPK3PXP');
  assert.throws(() => box.open(sealed, 'user-2'), 'bound to its owner');
  assert.throws(() => createSecretBox(randomBytes(32)).open(sealed, 'user-1'), 'another key');
  const [v, iv, body, tag] = sealed.split('.');
  const flipped = Buffer.from(body, 'base64url');
  flipped[0] ^= 1;
  assert.throws(() => box.open([v, iv, flipped.toString('base64url'), tag].join('.'), 'user-1'), 'tampering is detected');
});

test('the same secret seals differently each time', () => {
  assert.notEqual(box.seal('x', 'u'), box.seal('x', 'u'));
});

test('a derived key is the same for the same context, and another for another context or another configured key', () => {
  const key = randomBytes(32);
  const a = createSecretBox(key);
  assert.ok(a.deriveKey('staging:1').equals(createSecretBox(Buffer.from(key)).deriveKey('staging:1')));
  assert.equal(a.deriveKey('staging:1').length, 32);
  assert.ok(!a.deriveKey('staging:1').equals(a.deriveKey('staging:2')));
  assert.ok(!a.deriveKey('staging:1').equals(createSecretBox(randomBytes(32)).deriveKey('staging:1')));
  assert.ok(!a.deriveKey('staging:1').equals(key), 'never the configured key itself');
});
