import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { deleteDraft, findDraft, RECORDS, saveDraft, type Database, type StoredDraft } from '../../../db';
import { applicationWorkflowId, cycleWorkflowId } from '../../../workflows/machines/cycle/ids';
import type { CycleSummary } from '../../../workflows/machines/cycle/types';
import { loadPolicy } from '../../../workflows/policy/index.js';
import { missingForSubmission, type MissingForSubmission, type Recommendation } from '../../../workflows/policy/submission';
import { assertCanSeeOrganisation } from '../../auth/access';
import type { AuthUser } from '../../auth/roles';
import { ZodPipe } from '../../common/zod-pipe';
import { MachineWorkflowsService } from '../../workflows/machine-workflows.service';
import { applicationsClosed, errorCode, invalidInput, otherOrganisation } from '../shared/errors';
import { submitApplicationSchema, type DraftApplication } from './applications.schemas';
import { ApplicationsService } from './applications.service';
import { reapplyVerdict } from '../organisations/reapply';

/** A draft as the API answers it: what was saved, what it still lacks for submission, and who saved it when. */
export interface DraftView {
  policyKey: string;
  year: number;
  orgId: string;
  application: Record<string, unknown>;
  missing: MissingForSubmission[];
  complete: boolean;
  savedBy: { id: string; role: string };
  createdAt: string;
  updatedAt: string;
}

/** Stages in which a cycle is yet to stop taking applications, so a draft can still become one. */
const OPEN_STAGES = new Set(['draft', 'applicationWindow']);

const draftNotFound = (orgId: string) => () =>
  new NotFoundException({ code: 'DRAFT_NOT_FOUND', message: `未找到 ${orgId} 在本届的申报草稿`, orgId });

function present(draft: StoredDraft, policyKey: string): DraftView {
  const missing = missingForSubmission(loadPolicy(policyKey), draft.body as { recommendation?: Recommendation; profile?: { recommendation?: Recommendation } });
  return {
    policyKey: draft.policyKey,
    year: draft.year,
    orgId: draft.orgId,
    application: draft.body,
    missing,
    complete: missing.length === 0,
    savedBy: draft.savedBy,
    createdAt: draft.createdAt.toISOString(),
    updatedAt: draft.updatedAt.toISOString(),
  };
}

/** PostgreSQL refuses some text JSON allows (a NUL character, a lone surrogate): class 22, the input's fault. */
const isDataException = (error: unknown) => typeof (error as { code?: unknown }).code === 'string' && /^22[0-9A-Z]{3}$/.test((error as { code: string }).code);

/**
 * Applications kept as incomplete until they may be submitted (a recommendation not yet signed):
 * saved in PostgreSQL, never a workflow, and submitted through the very path POST …/applications takes.
 */
@Injectable()
export class DraftsService {
  constructor(
    @Inject(ApplicationsService) private readonly applications: ApplicationsService,
    @Inject(MachineWorkflowsService) private readonly workflows: MachineWorkflowsService,
    @Inject(RECORDS) private readonly records: Database,
  ) {}

  /** Saves (or replaces) the draft while the cycle has not stopped taking applications and nothing was submitted yet. */
  async save(policyKey: string, year: number, orgId: string, body: DraftApplication, user: AuthUser): Promise<{ created: boolean; draft: DraftView }> {
    if (user.role === 'applicant' && user.org !== orgId) throw otherOrganisation(orgId);
    if (body.orgId !== undefined && body.orgId !== orgId) throw invalidInput('body.orgId', `须与路径中的 orgId（${orgId}）一致`);
    const cycle = await this.workflows.state(cycleWorkflowId(policyKey, year));
    if (!OPEN_STAGES.has(cycle.stage) || Date.now() > (cycle.context as CycleSummary).applicationDeadline) throw applicationsClosed(cycle, user.role);
    // A draft the record would refuse at submission is refused now, with the same reasons and dates.
    const { refusal } = await reapplyVerdict(this.workflows, policyKey, year, orgId);
    if (refusal) throw refusal;
    if (await this.submitted(policyKey, year, orgId)) {
      throw new ConflictException({
        code: 'APPLICATION_ALREADY_SUBMITTED',
        message: `${orgId} 已在本届提交申报，不能再保存草稿；请查询 GET /applications/${policyKey}/${year}/${orgId}`,
        workflowId: applicationWorkflowId(policyKey, year, orgId),
      });
    }
    try {
      const { draft, created } = await saveDraft(this.records, { policyKey, year, orgId, body: { ...body, orgId }, savedBy: { id: user.id, role: user.role } });
      return { created, draft: present(draft, policyKey) };
    } catch (error) {
      if (isDataException(error)) throw new BadRequestException({ code: 'INVALID_INPUT', message: '输入无效：body：含有无法保存的字符（如 NUL 字符）', field: 'body' });
      throw error;
    }
  }

  async get(policyKey: string, year: number, orgId: string, user: AuthUser): Promise<DraftView> {
    assertCanSeeOrganisation(user, orgId, draftNotFound(orgId));
    const draft = await findDraft(this.records, { policyKey, year, orgId });
    if (!draft) throw draftNotFound(orgId)();
    return present(draft, policyKey);
  }

  /**
   * Submits the draft, with the recommendation given now if any, exactly as POST …/applications
   * would (refusals included: a recommendation still missing is the same 400), and removes it once
   * the application exists.
   */
  async submit(policyKey: string, year: number, orgId: string, recommendation: Recommendation | undefined, user: AuthUser) {
    if (user.role === 'applicant' && user.org !== orgId) throw otherOrganisation(orgId);
    const draft = await findDraft(this.records, { policyKey, year, orgId });
    if (!draft) throw draftNotFound(orgId)();
    const application = new ZodPipe(submitApplicationSchema, 'draft').transform({ ...draft.body, orgId, ...(recommendation !== undefined ? { recommendation } : {}) });
    const result = await this.applications.submit(policyKey, year, application, user);
    await deleteDraft(this.records, { policyKey, year, orgId });
    return result;
  }

  private async submitted(policyKey: string, year: number, orgId: string): Promise<boolean> {
    try {
      await this.workflows.state(applicationWorkflowId(policyKey, year, orgId));
      return true;
    } catch (error) {
      if (errorCode(error) === 'WORKFLOW_NOT_FOUND') return false;
      throw error;
    }
  }
}
