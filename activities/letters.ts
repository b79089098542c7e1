/**
 * Written notices to an applicant (Daqing 第十四条: reasons for not advancing, in writing) and to an
 * objector (第二十二条 receipt, 第二十四条 outcome). They go through the same outbox as reminders, so a
 * retried effect never mails twice, and the outbox row is the record that the letter was issued;
 * without an address on file the letter goes to the office, which delivers it in writing.
 */
import type { NotifyApplicantParams } from '../workflows/machines/application';
import type { NotifyObjectorParams } from '../workflows/machines/cycle';
import type { EffectInput } from '../workflows/runtime/types';
import { createReminderActivities, type Mailer } from './reminders';
import { organisationNames, type Database } from '../db';

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

    async notifyObjector(input: EffectInput<NotifyObjectorParams>): Promise<void> {
      const { policyKey, year, against, email, subject } = input.params;
      const names = await organisationNames(deps.db, policyKey, year, [against]);
      const body = input.params.body.replaceAll('{{unit}}', names.get(against) ?? against);
      await sendReminder({
        ...input,
        params: email ? { to: email, subject, body } : { to: 'office', subject: `【请书面送达异议人】${subject}`, body },
      });
    },
  };
}
