/**
 * /docs: the OpenAPI document rendered as plain server-side HTML. There is no
 * internet at the gate, so no Swagger UI from a CDN; no script at all, so the
 * strict CSP stays intact.
 */

type Json = Record<string, unknown>;

function esc(value: unknown): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function schemaBlock(title: string, schema: unknown): string {
  if (!schema) return '';
  return `<details><summary>${esc(title)}</summary><pre>${esc(JSON.stringify(schema, null, 2))}</pre></details>`;
}

/** An example is shown open: it is what a reader copies first. */
function exampleBlock(title: string, value: unknown): string {
  if (value === undefined) return '';
  return `<details open><summary>${esc(title)}</summary><pre>${esc(JSON.stringify(value, null, 2))}</pre></details>`;
}

/**
 * @example
 * res.type('html').send(renderDocsPage(buildOpenApi(api.docs, { version })));
 */
export function renderDocsPage(doc: Json): string {
  const info = doc.info as { title: string; version: string; description: string };
  const paths = doc.paths as Record<string, Record<string, Json>>;
  const tags = ((doc.tags ?? []) as { name: string; description: string }[]).map((t) => `<li><b>${esc(t.name)}</b>: ${esc(t.description)}</li>`);
  const sections: string[] = [];
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = ((op.parameters ?? []) as Json[]).map(
        (p) => `<li><code>${esc(p.name)}</code> (${esc(p.in)}${p.required ? ', required' : ''})</li>`,
      );
      const media = (op.requestBody as { content: { 'application/json': { schema: unknown; examples?: { example?: { value: unknown } } } } } | undefined)?.content[
        'application/json'
      ];
      const body = media?.schema;
      const requestExample = media?.examples?.example?.value;
      const responses = Object.entries(op.responses as Record<string, Json>).map(([status, r]) => {
        const json = (r.content as { 'application/json'?: { schema: unknown; examples?: { example?: { value: unknown } } } } | undefined)?.['application/json'];
        return `<li><b>${esc(status)}</b> ${esc(r.description)}${schemaBlock('schema', json?.schema)}${exampleBlock('example', json?.examples?.example?.value)}</li>`;
      });
      sections.push(`<section id="${esc(op.operationId)}">
<h3><span class="m m-${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3>
<p>${esc(op.summary)} <small>${esc(op.description)}</small></p>
${params.length ? `<h4>Parameters</h4><ul>${params.join('')}</ul>` : ''}
${schemaBlock('Request body', body)}${exampleBlock('Request example', requestExample)}
<h4>Responses</h4><ul>${responses.join('')}</ul>
</section>`);
    }
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(info.title)} ${esc(info.version)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;color:#1b1f24}
section{border-top:1px solid #ddd;padding:.5rem 0}h3{margin:.3rem 0}pre{background:#f5f5f5;padding:.5rem;overflow:auto}
.m{display:inline-block;min-width:4rem;text-align:center;border-radius:4px;color:#fff;font-size:.8rem;padding:.1rem .3rem}
.m-get{background:#2b6cb0}.m-post{background:#2f855a}.m-patch,.m-put{background:#b7791f}.m-delete{background:#c53030}
</style></head><body>
<h1>${esc(info.title)} <small>${esc(info.version)}</small></h1>
<p>${esc(info.description)}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1, with an example for every operation and the webhooks we send);
live updates over Socket.IO: <a href="/asyncapi.json">/asyncapi.json</a> (AsyncAPI 3.0); error codes: <a href="/docs/errors">/docs/errors</a>.</p>
${tags.length ? `<nav><h2>Groups</h2><ul>${tags.join('')}</ul></nav>` : ''}
${sections.join('\n')}
</body></html>`;
}
