import { HttpException, NotFoundException } from '@nestjs/common';
import type { AuthUser } from './roles';

/**
 * Applicants see their own organisation only. Asking about another one (or about something with
 * no organisation) answers 404, exactly as an unknown id would, so existence does not leak.
 * Staff roles see every organisation.
 */
export function assertCanSeeOrganisation(
  user: AuthUser,
  orgId: string | null | undefined,
  notFound: () => HttpException = () => new NotFoundException({ code: 'NOT_FOUND', message: '未找到该资源' }),
): void {
  if (user.role !== 'applicant') return;
  if (!orgId || !user.org || orgId !== user.org) throw notFound();
}
