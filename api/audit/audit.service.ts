import { Inject, Injectable } from '@nestjs/common';
import { listAudit, RECORDS, type AuditFilter, type AuditPage, type Database } from '../../db';
import { applicationWorkflowId, cycleWorkflowId } from '../../workflows/machines/cycle/ids';
import { standingWorkflowId } from '../../workflows/machines/standing/types';
import { assertCanSeeOrganisation } from '../auth/access';
import type { AuthUser } from '../auth/roles';
import { invalidInput, workflowNotFound } from '../awards/shared/errors';
import { AUDIT_LIMIT_DEFAULT, BAD_CURSOR_MESSAGE, type AuditPageQuery, type AuditQuery } from './audit.schemas';

/**
 * The audit trail as the API answers it, from PostgreSQL only (never Temporal). Staff (office,
 * admin) see every entry matching the filter; an applicant only its own organisation's entries:
 * the organisation filter is forced to the token's `org`, so another organisation's workflow, or a
 * cycle (whose entries belong to no organisation), simply yields nothing.
 */
@Injectable()
export class AuditService {
  constructor(@Inject(RECORDS) private readonly records: Database) {}

  /** `GET /audit`. */
  list(query: AuditQuery, user: AuthUser): Promise<AuditPage> {
    return this.page(query.workflowId, query, user);
  }

  /** A cycle's own transitions: applicants are admitted, as to the cycle's view, but see none (they belong to no organisation). */
  cycle(policyKey: string, year: number, query: AuditPageQuery, user: AuthUser): Promise<AuditPage> {
    return this.page(cycleWorkflowId(policyKey, year), query, user);
  }

  /** One application's transitions; an applicant of another organisation gets the 404 the application's own route answers. */
  application(policyKey: string, year: number, orgId: string, query: AuditPageQuery, user: AuthUser): Promise<AuditPage> {
    const id = applicationWorkflowId(policyKey, year, orgId);
    assertCanSeeOrganisation(user, orgId, workflowNotFound(id));
    return this.page(id, query, user);
  }

  /** One organisation's standing; an applicant of another organisation gets the 404 the standing's own route answers. */
  standing(policyKey: string, orgId: string, query: AuditPageQuery, user: AuthUser): Promise<AuditPage> {
    const id = standingWorkflowId(policyKey, orgId);
    assertCanSeeOrganisation(user, orgId, workflowNotFound(id));
    return this.page(id, query, user);
  }

  private async page(workflowId: string | undefined, query: AuditPageQuery, user: AuthUser): Promise<AuditPage> {
    if (user.role === 'applicant' && !user.org) return { items: [], next: null };
    const filter: AuditFilter = {
      ...(workflowId !== undefined ? { workflowId } : {}),
      ...(query.actor !== undefined ? { actorId: query.actor } : {}),
      ...(user.role === 'applicant' ? { orgId: user.org } : {}),
      ...(query.from !== undefined ? { from: query.from } : {}),
      ...(query.to !== undefined ? { to: query.to } : {}),
      limit: query.limit ?? AUDIT_LIMIT_DEFAULT,
      ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
    };
    try {
      return await listAudit(this.records, filter);
    } catch (error) {
      // The query pipe has checked the cursor already; this is the module's own word on it.
      if (error instanceof RangeError) throw invalidInput('query.cursor', BAD_CURSOR_MESSAGE);
      throw error;
    }
  }
}
