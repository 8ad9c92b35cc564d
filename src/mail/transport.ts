// Sending e-mail over SMTP with nodemailer, configured by environment: KIZUNA_SMTP_URL
// (`smtp://user:pass@mail.example.org:587`, `smtps://…:465`), KIZUNA_MAIL_FROM, and KIZUNA_PUBLIC_URL (the
// address people open the app at, for the links in messages). Without KIZUNA_SMTP_URL nothing is sent.
import nodemailer from 'nodemailer';
import type { MailContent } from './messages.js';

export interface Mailer {
  /** The base URL links in messages point to, without a trailing slash. */
  publicUrl: string;
  send(to: { email: string; name: string }, content: MailContent): Promise<{ messageId: string }>;
  close(): void;
}

export interface MailConfig {
  smtpUrl: string;
  from: string;
  publicUrl: string;
}

/** The mail settings of an environment, or null when KIZUNA_SMTP_URL is not set; a bad setting throws, naming it. */
export function mailConfig(env: Record<string, string | undefined>): MailConfig | null {
  const smtpUrl = env.KIZUNA_SMTP_URL?.trim();
  if (!smtpUrl) return null;
  if (!/^smtps?:\/\/[^/\s]+/.test(smtpUrl)) throw new Error(`KIZUNA_SMTP_URL must be smtp://host:port or smtps://host:port, not '${smtpUrl.replace(/:[^:@/]*@/, ':***@')}'`);
  const from = env.KIZUNA_MAIL_FROM?.trim() || 'Kizuna <kizuna@localhost>';
  const publicUrl = (env.KIZUNA_PUBLIC_URL?.trim() || 'http://127.0.0.1:8787').replace(/\/+$/, '');
  if (!/^https?:\/\//.test(publicUrl)) throw new Error(`KIZUNA_PUBLIC_URL must be an http(s) URL, not '${publicUrl}'`);
  return { smtpUrl, from, publicUrl };
}

/** An SMTP mailer (one pooled connection; timeouts so a dead server cannot hold a reminder run). */
export function smtpMailer(config: MailConfig): Mailer {
  // Bounded waits: connecting and the greeting give up after 15 s, a silent connection after 30 s.
  const transport = nodemailer.createTransport({ url: config.smtpUrl, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 } as Parameters<typeof nodemailer.createTransport>[0], { from: config.from });
  return {
    publicUrl: config.publicUrl,
    async send(to, content) {
      const info = await transport.sendMail({ to: { name: to.name, address: to.email }, subject: content.subject, text: content.text, html: content.html });
      return { messageId: info.messageId };
    },
    close: () => transport.close(),
  };
}
