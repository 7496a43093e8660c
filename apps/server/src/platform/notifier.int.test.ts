import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { buildApp } from '../app.ts';
import { loadConfig } from './config.ts';
import { seedDemoNetwork } from '../modules/demo/seed.ts';
import { createTestDatabase } from '../test-support/database.ts';

interface Received { from: string; to: string[]; raw: string }

/** A real SMTP server on loopback that keeps what it is sent; `refuse` makes it answer every message with a 451. */
async function startSmtp(): Promise<{ port: number; received: Received[]; refuse: boolean; close(): Promise<void> }> {
  const state = { received: [] as Received[], refuse: false };
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => { raw += chunk; });
      stream.on('end', () => {
        if (state.refuse) return callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
        state.received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return Object.assign(state, { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
}

async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(check(), what);
}

/** The subject and body of a plain-text message as the recipient's mail program reads them. */
function decode(raw: string): { subject: string; body: string } {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const subjectLine = unfolded.match(/^Subject: (.*)$/m)?.[1] ?? '';
  const subject = subjectLine.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_m, enc: string, text: string) => (enc.toUpperCase() === 'B'
    ? Buffer.from(text, 'base64').toString('utf8')
    : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8')));
  let body = rest.join('\n\n');
  if (/Content-Transfer-Encoding: quoted-printable/i.test(head)) {
    body = Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  } else if (/Content-Transfer-Encoding: base64/i.test(head)) {
    body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  return { subject, body: body.replace(/\r\n/g, '\n') };
}

const env = (port: number) => ({ LOG_LEVEL: 'silent', ENCRYPTION_KEY: Buffer.alloc(32, 5).toString('base64'), JOBS_POLL_SECONDS: '0.5',
  SMTP_URL: `smtp://127.0.0.1:${port}`, NOTIFY_FROM: 'noreply@telemed.example', PUBLIC_URL: 'https://telemed.example/' });

test('with SMTP_URL, the password-reset message reaches the mail server, with its one-time link', async () => {
  const smtp = await startSmtp();
  const built = await buildApp({ config: loadConfig(env(smtp.port)), databaseUrl: await createTestDatabase(), logger: false });
  try {
    await seedDemoNetwork({ ...built.deps, config: { ...built.deps.config, TELEMED_MODE: 'demo' } });
    // The link is built from PUBLIC_URL, never from the Host the request names.
    const res = await built.app.inject({ method: 'POST', url: '/api/auth/password-reset', headers: { host: 'evil.example' },
      payload: { email: 'doctor.shalkar@demo.telemed' } });
    assert.ok(res.statusCode < 300, res.body);
    await eventually(() => smtp.received.length === 1, 'one message delivered');
    const [mail] = smtp.received;
    assert.equal(mail.from, 'noreply@telemed.example');
    assert.deepEqual(mail.to, ['doctor.shalkar@demo.telemed']);
    const { subject, body } = decode(mail.raw);
    assert.equal(subject, 'Telemed Network: password reset');
    assert.match(body, /^https:\/\/telemed\.example\/reset-password\?token=[\w-]{20,}$/m, 'the one-time link, under PUBLIC_URL');
    assert.ok(!body.includes('evil.example'));
  } finally {
    await built.close();
    await smtp.close();
  }
});

test('a message the mail server refuses is kept and delivered once the server takes mail again', async () => {
  const smtp = await startSmtp();
  smtp.refuse = true;
  const databaseUrl = await createTestDatabase();
  const built = await buildApp({ config: loadConfig(env(smtp.port)), databaseUrl, logger: false });
  // The job queue's tables belong to the database owner (the application's role cannot read them).
  const owner = new pg.Client({ connectionString: databaseUrl });
  await owner.connect();
  try {
    await built.deps.notifier.send({ to: 'nurse@example.kz', kind: 'appointment', subject: 'Қабылдау ертең', body: 'Қабылдау ертең 10:00\n/appointments' });
    // Refused now: nothing arrived, and the message waits as a sealed job (the body is not readable in the database).
    assert.equal(smtp.received.length, 0);
    const { rows } = await owner.query<{ data: { sealed: string } }>("SELECT data FROM pgboss.job WHERE name = 'notification-retry'");
    assert.equal(rows.length, 1);
    assert.doesNotMatch(JSON.stringify(rows[0].data), /Қабылдау|nurse@example/);
    smtp.refuse = false;
    // pg-boss waits retryDelay (30 s) before the first retry: the job is made due now, as if that time had passed.
    await owner.query("UPDATE pgboss.job SET start_after = now() WHERE name = 'notification-retry'");
    await eventually(() => smtp.received.length === 1, 'delivered on the retry');
    const { subject, body } = decode(smtp.received[0].raw);
    assert.equal(subject, 'Қабылдау ертең');
    assert.equal(body.trim(), 'Қабылдау ертең 10:00\nhttps://telemed.example/appointments');
  } finally {
    await owner.end();
    await built.close();
    await smtp.close();
  }
});

test('SMTP_URL without a sender or a public address stops the start with the variable named', () => {
  assert.throws(() => loadConfig({ SMTP_URL: 'smtp://127.0.0.1:25' }), /NOTIFY_FROM: required with SMTP_URL[\s\S]*PUBLIC_URL: required with SMTP_URL/);
  assert.throws(() => loadConfig({ SMTP_URL: 'http://mail.example' }), /SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/);
});
