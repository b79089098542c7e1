import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import type { TemporalSettings } from '../config/temporal';
import { RECORDS, type Database } from '../db';
import { AuditController } from './audit/audit.controller';
import { AuditService } from './audit/audit.service';
import { CalendarController } from './calendar/calendar.controller';
import { ApplicationsController } from './awards/applications/applications.controller';
import { ApplicationsService } from './awards/applications/applications.service';
import { DraftsController } from './awards/applications/drafts.controller';
import { DraftsService } from './awards/applications/drafts.service';
import { CyclesController } from './awards/cycles/cycles.controller';
import { CyclesService } from './awards/cycles/cycles.service';
import { NoticesController } from './awards/notices/notices.controller';
import { OrganisationsController } from './awards/organisations/organisations.controller';
import { OrganisationsService } from './awards/organisations/organisations.service';
import { ValidAwardsController } from './awards/organisations/valid-awards.controller';
import { ValidAwardsService } from './awards/organisations/valid-awards.service';
import { AUTH_OPTIONS, AuthGuard, type AuthOptions } from './auth/auth.guard';
import { WorkflowOrganisations } from './auth/workflow-organisation';
import { ApiExceptionFilter } from './edge/error-filter';
import { IdempotencyInterceptor } from './edge/idempotency.interceptor';
import { DemoNoticesController } from './demo/demo-notices.controller';
import { HealthController } from './health/health.controller';
import { DocsController } from './openapi/docs.controller';
import { TemporalModule } from './temporal/temporal.module';
import { MachineWorkflowsService } from './workflows/machine-workflows.service';
import { WorkflowsController } from './workflows/workflows.controller';

@Module({})
export class AppModule {
  static forRoot(settings: TemporalSettings, auth: AuthOptions, records: Database): DynamicModule {
    return {
      module: AppModule,
      imports: [TemporalModule.forRoot(settings), DiscoveryModule],
      controllers: [
        HealthController,
        WorkflowsController,
        DemoNoticesController,
        CyclesController,
        ApplicationsController,
        DraftsController,
        NoticesController,
        OrganisationsController,
        ValidAwardsController,
        CalendarController,
        AuditController,
        DocsController,
      ],
      providers: [
        MachineWorkflowsService,
        CyclesService,
        ApplicationsService,
        DraftsService,
        OrganisationsService,
        ValidAwardsService,
        AuditService,
        WorkflowOrganisations,
        { provide: AUTH_OPTIONS, useValue: auth },
        { provide: RECORDS, useValue: records },
        // Every route needs a bearer token unless @Public(); @Roles(...) narrows who may call it.
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }
}
