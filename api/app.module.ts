import { Module, type DynamicModule } from '@nestjs/common';
import type { TemporalSettings } from '../config/temporal';
import { DemoNoticesController } from './demo/demo-notices.controller';
import { HealthController } from './health/health.controller';
import { TemporalModule } from './temporal/temporal.module';
import { MachineWorkflowsService } from './workflows/machine-workflows.service';
import { WorkflowsController } from './workflows/workflows.controller';

@Module({})
export class AppModule {
  static forRoot(settings: TemporalSettings): DynamicModule {
    return {
      module: AppModule,
      imports: [TemporalModule.forRoot(settings)],
      controllers: [HealthController, WorkflowsController, DemoNoticesController],
      providers: [MachineWorkflowsService],
    };
  }
}
