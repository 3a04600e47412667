/** What other modules may use of the syslog module (CEF over syslog: senders, parsing, framing). */
export { syslogSourceRoutes } from './syslog.routes';
export { SenderDirectory, invalidateSenders, type SenderSource } from './syslog.senders';
export { SyslogFramer, type FrameEvent } from './syslog.framing';
export { syslogToAlert, decodeFrame, type IntakeReason } from './syslog.intake';
