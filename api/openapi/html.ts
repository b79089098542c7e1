/**
 * `/docs`: a self-contained page (no scripts, no assets) rendering the OpenAPI document as tables.
 * swagger-ui-dist is not a dependency, so the page must work offline from the document alone.
 */
const escape = (text: unknown) =>
  String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const code = (value: unknown) => `<pre>${escape(JSON.stringify(value, null, 2))}</pre>`;

/** Inline `code` and paragraphs of the Markdown descriptions, nothing more. */
const prose = (text: unknown) =>
  String(text ?? '')
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escape(paragraph).replace(/`([^`]+)`/g, '<code>$1</code>').replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')}</p>`)
    .join('');

export function renderDocsPage(document: Record<string, any>): string {
  const rows: string[] = [];
  const details: string[] = [];
  for (const [path, operations] of Object.entries<Record<string, any>>(document.paths ?? {})) {
    for (const [method, op] of Object.entries<any>(operations)) {
      const anchor = escape(op.operationId);
      const roles = op['x-public'] ? '公开' : (op['x-roles'] as string[]).join('、');
      rows.push(
        `<tr><td><span class="m m-${escape(method)}">${escape(method.toUpperCase())}</span></td><td><a href="#${anchor}"><code>${escape(path)}</code></a></td><td>${escape(op.summary)}</td><td>${escape(roles)}</td></tr>`,
      );
      const parameters = (op.parameters ?? []) as Array<Record<string, any>>;
      details.push(`<section id="${anchor}">
<h3><span class="m m-${escape(method)}">${escape(method.toUpperCase())}</span> <code>${escape(path)}</code> — ${escape(op.summary)}</h3>
${prose(op.description)}
${parameters.length > 0 ? `<h4>参数</h4><table><thead><tr><th>名称</th><th>位置</th><th>必填</th><th>格式</th></tr></thead><tbody>${parameters
        .map((p) => `<tr><td><code>${escape(p.name)}</code></td><td>${escape(p.in)}</td><td>${p.required ? '是' : '否'}</td><td>${code(p.schema)}</td></tr>`)
        .join('')}</tbody></table>` : ''}
${op.requestBody ? `<h4>请求体</h4>${code(op.requestBody.content['application/json'].schema)}` : ''}
<h4>响应</h4><table><thead><tr><th>状态码</th><th>说明</th></tr></thead><tbody>${Object.entries<any>(op.responses)
        .map(([status, r]) => `<tr><td>${escape(status)}</td><td>${escape(r.description)}</td></tr>`)
        .join('')}</tbody></table>
</section>`);
    }
  }
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(document.info?.title)} — 接口文档</title>
<style>
body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;max-width:1100px;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.5}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}th{background:#f4f4f4}
pre{margin:0;font-size:.8rem;white-space:pre-wrap}code{background:#f4f4f4;padding:0 .2rem}section{border-top:1px solid #ccc;margin-top:1.5rem}
.m{font-weight:bold;font-family:monospace;padding:.1rem .3rem;border-radius:3px;color:#fff;background:#555}.m-get{background:#2a7ae2}.m-post{background:#2e9d4f}.m-put,.m-patch{background:#c77d00}.m-delete{background:#c0392b}
</style></head><body>
<h1>${escape(document.info?.title)} <small>${escape(document.info?.version)}</small></h1>
${prose(document.info?.description)}
<p>机器可读的 OpenAPI 3.1 文档：<a href="/docs-json"><code>/docs-json</code></a></p>
<h2>接口一览</h2>
<table><thead><tr><th>方法</th><th>路径</th><th>说明</th><th>角色</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>
<h2>错误响应体</h2>${code(document.components?.schemas?.ErrorBody)}
<h2>接口详情</h2>
${details.join('\n')}
</body></html>`;
}
