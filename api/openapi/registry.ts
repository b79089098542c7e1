/**
 * The OpenAPI registry. A route registers its documentation with `@ApiRoute({...})` next to its
 * `@Get`/`@Post` and `@Roles`; the document is then built from what Nest and the guard actually
 * use — the route's method and path from Nest's metadata, its roles from the same `@Roles` /
 * `@Public` metadata the AuthGuard reads, and its schemas from the same zod schemas the
 * controller validates with (pass the very constants given to `ZodPipe`). The document cannot
 * drift from routing, role checks or validation.
 */
import { RequestMethod, SetMetadata, type Type } from '@nestjs/common';
import { z, type ZodType } from 'zod';
import { PUBLIC_KEY, ROLES_KEY } from '../auth/decorators';
import { ROLE_LABELS, ROLES, type Role } from '../auth/roles';
import { errorBodySchema } from './schemas';

export const API_ROUTE_KEY = 'openapi:route';

export interface ApiResponseDoc {
  description: string;
  /** Body schema; error statuses (≥ 400) default to the common error body. */
  schema?: ZodType;
  /** Media type; default `application/json`. */
  contentType?: string;
}

export interface ApiRouteDoc {
  /** Chinese, one line. */
  summary: string;
  description?: string;
  tags?: string[];
  /** Path parameters by name (`:workflowId` → `workflowId`). */
  params?: Record<string, ZodType>;
  query?: Record<string, ZodType>;
  headers?: Record<string, ZodType>;
  body?: ZodType;
  /** Success and route-specific error responses. 400 (when there is input), 401 and 403 are added from the route itself. */
  responses: Record<number, ApiResponseDoc>;
}

/** Documents a route. Use the zod schemas the route's `ZodPipe`s use. */
export const ApiRoute = (doc: ApiRouteDoc) => SetMetadata(API_ROUTE_KEY, doc);

export interface RegisteredRoute {
  method: string;
  /** Express path as Nest mounts it, e.g. `/workflows/:workflowId`. */
  path: string;
  /** OpenAPI path, e.g. `/workflows/{workflowId}`. */
  openApiPath: string;
  operationId: string;
  /** `public`: no token; `any`: any signed-in role; otherwise the roles allowed. */
  access: 'public' | 'any' | Role[];
  doc?: ApiRouteDoc;
}

/** Every route the controllers declare, with its access rule and documentation. */
export function collectRoutes(controllers: Iterable<Type>): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  for (const controller of controllers) {
    const prefixes = asArray(Reflect.getMetadata('path', controller) as string | string[] | undefined);
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      if (name === 'constructor') continue;
      const handler = prototype[name];
      if (typeof handler !== 'function') continue;
      const methodEnum = Reflect.getMetadata('method', handler) as RequestMethod | undefined;
      const paths = Reflect.getMetadata('path', handler) as string | string[] | undefined;
      if (methodEnum === undefined || paths === undefined) continue;
      const access = accessOf(handler, controller);
      const doc = Reflect.getMetadata(API_ROUTE_KEY, handler) as ApiRouteDoc | undefined;
      for (const prefix of prefixes.length > 0 ? prefixes : ['']) {
        for (const sub of asArray(paths)) {
          const path = joinPath(prefix, sub);
          routes.push({
            method: RequestMethod[methodEnum].toLowerCase(),
            path,
            openApiPath: path.replace(/:([A-Za-z0-9_]+)/g, '{$1}'),
            operationId: `${controller.name.replace(/Controller$/, '')}.${name}`,
            access,
            ...(doc ? { doc } : {}),
          });
        }
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

function accessOf(handler: object, controller: Type): RegisteredRoute['access'] {
  const pick = <T>(key: string) => (Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller)) as T | undefined;
  if (pick<boolean>(PUBLIC_KEY)) return 'public';
  return pick<Role[]>(ROLES_KEY) ?? 'any';
}

export interface OpenApiInfo {
  title?: string;
  version?: string;
  description?: string;
}

/** The OpenAPI 3.1 document of these controllers. */
export function buildOpenApiDocument(controllers: Iterable<Type>, info: OpenApiInfo = {}): Record<string, any> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of collectRoutes(controllers)) {
    (paths[route.openApiPath] ??= {})[route.method] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: info.title ?? '质量奖流程 API',
      version: info.version ?? '0.1.0',
      description:
        info.description ??
        [
          '质量奖评审流程的 HTTP 接口。除 `GET /health`、`GET /docs`、`GET /docs-json` 外，所有接口都需要 `Authorization: Bearer <令牌>`。',
          '令牌为 HS256 签名的 JWT，声明 `sub`（用户 id）、`role`（角色）、`org`（申报单位必填）。本地可用 `npm run token -- --role office --sub staff-1` 生成。',
          `角色：${ROLES.map((role) => `\`${role}\`（${ROLE_LABELS[role]}）`).join('、')}。`,
          '错误统一为 `{ code, message, ... }`：`code` 稳定、可供程序判断，`message` 为中文说明。',
        ].join('\n\n'),
    },
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'HS256 签名的 JWT；声明 sub、role（office | reviewer | committee | admin | applicant）、org（applicant 必填）、name、iat、exp。',
        },
      },
      schemas: { ErrorBody: jsonSchema(errorBodySchema, 'output') },
    },
  };
}

const ERROR_REF = { $ref: '#/components/schemas/ErrorBody' };

function operation(route: RegisteredRoute): Record<string, unknown> {
  const doc = route.doc;
  const parameters = [
    ...parametersOf('path', doc?.params, route),
    ...parametersOf('query', doc?.query, route),
    ...parametersOf('header', doc?.headers, route),
  ];
  const hasInput = parameters.length > 0 || doc?.body !== undefined;
  const responses: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(doc?.responses ?? { 200: { description: '成功' } })) {
    responses[status] = responseOf(Number(status), response);
  }
  if (hasInput) responses['400'] ??= responseOf(400, { description: '输入无效（INVALID_INPUT），`field` 指明出错的字段' });
  if (route.access !== 'public') {
    responses['401'] ??= responseOf(401, { description: '未登录或令牌无效（UNAUTHENTICATED、TOKEN_EXPIRED、TOKEN_BAD_SIGNATURE、TOKEN_INVALID）' });
  }
  if (Array.isArray(route.access)) {
    responses['403'] ??= responseOf(403, { description: `角色无权执行（FORBIDDEN_ROLE）；允许的角色：${route.access.join('、')}` });
  }
  // What the edge answers for any route that takes a body or an Idempotency-Key (api/edge/).
  if (doc?.body !== undefined) {
    responses['413'] ??= responseOf(413, { description: '请求体过大（PAYLOAD_TOO_LARGE）' });
    responses['415'] ??= responseOf(415, { description: '请求体不是 JSON（UNSUPPORTED_MEDIA_TYPE）' });
  }
  if (doc?.headers && 'Idempotency-Key' in doc.headers) {
    responses['422'] ??= responseOf(422, { description: '该幂等键已用于另一个请求（IDEMPOTENCY_KEY_REUSED）；重试请原样重发，新请求请用新键' });
  }
  const rolesText =
    route.access === 'public' ? '公开，无需令牌' : route.access === 'any' ? '任何已登录角色' : route.access.join('、');
  return {
    operationId: route.operationId,
    summary: doc?.summary ?? `${route.method.toUpperCase()} ${route.path}`,
    description: [doc?.description, `**角色**：${rolesText}`].filter(Boolean).join('\n\n'),
    ...(doc?.tags ? { tags: doc.tags } : {}),
    'x-roles': route.access === 'public' ? [] : route.access === 'any' ? [...ROLES] : route.access,
    'x-public': route.access === 'public',
    ...(route.access === 'public' ? { security: [] } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(doc?.body
      ? { requestBody: { required: !doc.body.safeParse(undefined).success, content: { 'application/json': { schema: jsonSchema(doc.body, 'input') } } } }
      : {}),
    responses,
  };
}

function parametersOf(location: 'path' | 'query' | 'header', schemas: Record<string, ZodType> | undefined, route: RegisteredRoute) {
  const names = new Set(Object.keys(schemas ?? {}));
  if (location === 'path') for (const match of route.path.matchAll(/:([A-Za-z0-9_]+)/g)) names.add(match[1]!);
  return [...names].map((name) => {
    const schema = schemas?.[name];
    return {
      name,
      in: location,
      required: location === 'path' || (schema ? !schema.safeParse(undefined).success : false),
      schema: schema ? jsonSchema(schema, 'input') : { type: 'string' },
      ...(schema?.description ? { description: schema.description } : {}),
    };
  });
}

function responseOf(status: number, response: ApiResponseDoc) {
  const schema = response.schema ? jsonSchema(response.schema, 'output') : status >= 400 ? ERROR_REF : undefined;
  return {
    description: response.description,
    ...(schema ? { content: { [response.contentType ?? 'application/json']: { schema } } } : {}),
  };
}

/** zod 4's own JSON Schema (draft 2020-12, which OpenAPI 3.1 uses), without the `$schema` line. */
export function jsonSchema(schema: ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

function asArray(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function joinPath(prefix: string, sub: string): string {
  const joined = `/${[prefix, sub].map((part) => part.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;
  return joined;
}
