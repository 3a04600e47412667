import nodemailer from 'nodemailer';
import type { Config } from '../config';
import type { EmailJob } from './queue';

export interface Mailer {
  send(mail: EmailJob): Promise<void>;
}

/** SMTP when SMTP_URL is set (e.g. smtp://mail.tinh.gov.vn:587); otherwise the e-mail is only logged. */
export function createMailer(config: Config, log: (obj: object, msg: string) => void): Mailer {
  if (!config.smtpUrl) {
    return {
      async send(mail) {
        log({ to: mail.to, subject: mail.subject }, 'e-mail not sent: SMTP_URL is not configured');
      },
    };
  }
  const transport = nodemailer.createTransport(config.smtpUrl);
  return {
    async send(mail) {
      await transport.sendMail({ from: config.mailFrom, to: mail.to, subject: mail.subject, text: mail.text });
    },
  };
}
