import { Controller, Get, Header, Inject, type Type } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { z } from 'zod';
import { Public } from '../auth/decorators';
import { renderDocsPage } from './html';
import { ApiRoute, buildOpenApiDocument } from './registry';

/** `/docs-json` (OpenAPI 3.1) and `/docs` (the same, as a page), built once from every controller of the app. */
@Controller()
@Public()
export class DocsController {
  private document?: Record<string, any>;

  constructor(@Inject(DiscoveryService) private readonly discovery: DiscoveryService) {}

  openApi(): Record<string, any> {
    this.document ??= buildOpenApiDocument(
      new Set(this.discovery.getControllers().map((wrapper) => wrapper.metatype as Type).filter(Boolean)),
    );
    return this.document;
  }

  @Get('docs-json')
  @ApiRoute({ summary: 'OpenAPI 3.1 接口文档（JSON）', tags: ['文档'], responses: { 200: { description: 'OpenAPI 文档', schema: z.record(z.string(), z.unknown()) } } })
  json(): Record<string, any> {
    return this.openApi();
  }

  @Get('docs')
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiRoute({ summary: '接口文档页面', tags: ['文档'], responses: { 200: { description: 'HTML 页面', contentType: 'text/html' } } })
  page(): string {
    return renderDocsPage(this.openApi());
  }
}
