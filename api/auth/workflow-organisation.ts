import { Inject, Injectable } from '@nestjs/common';
import { ORGANISATION } from '../../workflows/runtime/search-attributes';
import { toHttpError } from '../common/temporal-errors';
import { TemporalService } from '../temporal/temporal.module';

/** Reads which organisation a workflow is about (its `AwardOrganisation` search attribute). */
@Injectable()
export class WorkflowOrganisations {
  constructor(@Inject(TemporalService) private readonly temporal: TemporalService) {}

  async of(workflowId: string): Promise<string | undefined> {
    try {
      const description = await this.temporal.connection.withDeadline(Date.now() + 5_000, () =>
        this.temporal.client.workflow.getHandle(workflowId).describe(),
      );
      return description.typedSearchAttributes.get(ORGANISATION) ?? undefined;
    } catch (error) {
      throw toHttpError(error, workflowId);
    }
  }
}
