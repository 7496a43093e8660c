import type { FastifyBaseLogger } from 'fastify';
import type { Transporter } from 'nodemailer';
import type { JobQueue } from './jobs.ts';
import type { SecretBox } from './secret-box.ts';

export interface Notification {
  to: string;
  kind: 'password_reset' | 'account_created' | 'security_alert' | 'escalation' | 'case_update' | 'appointment' | 'visit_summary'
    | 'sign_up_code' | 'care_message';
  subject: string;
  body: string;
}

/** Delivery to people who are not in the app: email and SMS adapters implement this. */
export interface Notifier {
  send(message: Notification): Promise<void>;
}

/**
 * The default notifier. In demo mode it writes the message to the server log so a reset link can
 * be followed without a mail server; in production it never writes the body, which may hold a secret.
 */
export function createLogNotifier(log: FastifyBaseLogger, mode: 'demo' | 'production', publicUrl: string): Notifier {
  return {
    async send(message) {
      if (mode === 'demo') log.info({ notification: { ...message, body: withLinks(message.body, publicUrl) } }, 'demo notification (not delivered)');
      else log.warn({ kind: message.kind }, 'no notification adapter configured: message not delivered');
    },
  };
}

/** Keeps messages in memory: for tests that need to read what would have been sent. */
export function createMemoryNotifier(): Notifier & { sent: Notification[] } {
  const sent: Notification[] = [];
  return { sent, async send(message) { sent.push(message); } };
}

/**
 * A line of a message that is a path (`/reset-password?token=…`) becomes a link under the address the app is
 * configured at. Links are never built from a request's Host header, which the sender of the request chooses.
 */
export function withLinks(body: string, publicUrl: string): string {
  const base = publicUrl.replace(/\/+$/, '');
  return body.split('\n').map((line) => (/^\/[^\s]*$/.test(line) ? `${base}${line}` : line)).join('\n');
}

export interface SmtpSettings {
  /** `smtp://user:password@host:587` (STARTTLS when offered) or `smtps://…:465` (TLS from the start). */
  url: string;
  from: string;
  /** The address people open the app at: a line of the body that is a path becomes a link under it. */
  publicUrl: string;
}

/**
 * Email through any SMTP server (nodemailer): plain text in UTF-8, so Kazakh, Uzbek and Russian read
 * as written. Messages carry no patient data and no clinical content by design; the link in the body
 * opens the app after sign-in.
 */
export function createSmtpNotifier(settings: SmtpSettings): Notifier & { close(): void } {
  // nodemailer is loaded with the first message: a server that sends none does not hold it.
  let transport: Promise<Transporter> | null = null;
  let made: Transporter | null = null;
  return {
    async send(message) {
      transport ??= import('nodemailer').then((m) => (made = m.default.createTransport(settings.url, { from: settings.from })));
      const text = withLinks(message.body, settings.publicUrl);
      await (await transport).sendMail({ to: message.to, subject: message.subject, text, headers: { 'X-Telemed-Kind': message.kind } });
    },
    close: () => made?.close(),
  };
}

const RETRY_QUEUE = 'notification-retry';

/**
 * Delivery that outlives a mail server's bad minute and a restart: a message is sent at once, and one
 * that fails is kept as a durable job (sealed with the server's key, since a reset link is a secret)
 * and tried again with growing pauses for about a day. Only the kind is logged, never the message.
 */
export function withRetries(inner: Notifier, jobs: JobQueue, secrets: SecretBox, log: FastifyBaseLogger): Notifier {
  jobs.define<{ sealed: string }>(RETRY_QUEUE, async ({ sealed }) => {
    await inner.send(JSON.parse(secrets.open(sealed, RETRY_QUEUE)) as Notification);
  });
  return {
    async send(message) {
      try {
        await inner.send(message);
      } catch (err) {
        log.warn({ kind: message.kind, err: { message: (err as Error).message } }, 'notification not delivered: it will be tried again');
        if (!jobs.started) throw err;
        await jobs.send(RETRY_QUEUE, { sealed: secrets.seal(JSON.stringify(message), RETRY_QUEUE) }, { retryLimit: 12, retryDelay: 30, retryBackoff: true });
      }
    },
  };
}
