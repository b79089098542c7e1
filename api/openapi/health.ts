/**
 * api/health/ is not owned by the auth work, so its route is marked public and documented here, by
 * applying the same decorators it would carry. Moving `@Public()` and `@ApiRoute(...)` onto
 * HealthController itself is equivalent.
 */
import { z } from 'zod';
import { Public } from '../auth/decorators';
import { HealthController } from '../health/health.controller';
import { ApiRoute } from './registry';

const healthBody = z.object({
  status: z.enum(['ok', 'unavailable']),
  temporal: z.looseObject({ state: z.enum(['connected', 'unreachable']), address: z.string(), namespace: z.string(), taskQueue: z.string() }),
});

Public()(HealthController);
const descriptor = Object.getOwnPropertyDescriptor(HealthController.prototype, 'health')!;
ApiRoute({
  summary: '健康检查：API 与流程引擎（Temporal）是否可用',
  tags: ['运维'],
  responses: {
    200: { description: 'Temporal 可达', schema: healthBody },
    503: { description: 'Temporal 不可达（API 本身仍在运行）', schema: healthBody },
  },
})(HealthController.prototype, 'health', descriptor);
