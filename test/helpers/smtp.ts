// A real SMTP server for tests (smtp-server on loopback, no TLS, no authentication): every message it receives
// is parsed (mailparser) and kept with its envelope recipients, so tests assert on what really went over SMTP.
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface ReceivedMail {
  /** The envelope's recipients (RCPT TO). */
  to: string[];
  mail: ParsedMail;
}

export interface TestSmtpServer {
  port: number;
  /** `smtp://127.0.0.1:<port>`, for KIZUNA_SMTP_URL. */
  url: string;
  /** Every message received, in order of arrival. */
  received: ReceivedMail[];
  close(): Promise<void>;
}

/** Starts the server on a free port; `close()` it after the file. */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return { port, url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
