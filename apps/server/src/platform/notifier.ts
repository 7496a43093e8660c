import type { FastifyBaseLogger } from 'fastify';

export interface Notification {
  to: string;
  kind: 'password_reset' | 'account_created' | 'security_alert' | 'escalation' | 'case_update' | 'appointment' | 'visit_summary'
    | 'sign_up_code';
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
export function createLogNotifier(log: FastifyBaseLogger, mode: 'demo' | 'production'): Notifier {
  return {
    async send(message) {
      if (mode === 'demo') log.info({ notification: message }, 'demo notification (not delivered)');
      else log.warn({ kind: message.kind }, 'no notification adapter configured: message not delivered');
    },
  };
}

/** Keeps messages in memory: for tests that need to read what would have been sent. */
export function createMemoryNotifier(): Notifier & { sent: Notification[] } {
  const sent: Notification[] = [];
  return { sent, async send(message) { sent.push(message); } };
}
