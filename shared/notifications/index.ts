// The notifications module's public API: the only file other modules, functions and infra import.

export { dueHandlers } from './consume.ts';
export { getPreferences, listNotifications, setPreferences } from './preferences.ts';
export { exportCustomer, forgetCustomer } from './privacy.ts';
export { messageSchema, preferencesBody, preferencesSchema } from './schemas.ts';
export { type Sender, senderFromEnv } from './senders.ts';
export { SMS_HEADER, smtpSender } from './smtp-sender.ts';
