/**
 * Written notices to an applicant (Daqing 第十四条: reasons for not advancing, in writing). They go
 * through the same outbox as reminders, so a retried effect never mails twice; without a contact
 * address on file the letter goes to the office, which forwards it.
 */
import type { NotifyApplicantParams } from '../workflows/machines/application';
import type { EffectInput } from '../workflows/runtime/types';
import { createReminderActivities, type Mailer } from './reminders';
import type { Database } from '../db';

export function createLetterActivities(deps: { db: Database; mailer: Mailer }) {
  const { sendReminder } = createReminderActivities(deps);
  return {
    async notifyApplicant(input: EffectInput<NotifyApplicantParams>): Promise<void> {
      const { contactEmail, subject, body, organisationName } = input.params;
      await sendReminder({
        ...input,
        params: contactEmail
          ? { to: contactEmail, subject, body }
          : { to: 'office', subject: `【请转交${organisationName}】${subject}`, body },
      });
    },
  };
}
