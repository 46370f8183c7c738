/**
 * /docs/errors: the closed list of error codes, the page every problem's
 * `type` points at (`/docs/errors#<code>`), generated from the same list and
 * catalogue the server answers with, so it cannot drift.
 */
import { ERROR_CODES, ERROR_HTTP_STATUS } from '@borderflow/contracts';
import { PROBLEM_TITLES } from './problem-messages.ts';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * @example
 * res.type('html').send(renderErrorCodesPage());
 */
export function renderErrorCodesPage(): string {
  const rows = ERROR_CODES.map((code) => {
    const t = PROBLEM_TITLES[code];
    return `<tr id="${code}"><td><code>${code}</code></td><td>${ERROR_HTTP_STATUS[code]}</td><td>${escapeHtml(t.en)}</td><td lang="vi">${escapeHtml(t.vi)}</td><td lang="zh">${escapeHtml(t.zh)}</td></tr>`;
  }).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>BorderFlow API error codes</title>
<style>body{font:15px system-ui,sans-serif;margin:2rem;max-width:60rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}tr:target{background:#ffd}</style></head>
<body><h1>Error codes</h1>
<p>Every error is an RFC 9457 <code>application/problem+json</code> body: <code>type</code> (this page and the code's anchor),
<code>title</code> (in the caller's Accept-Language: vi, en or zh), <code>status</code>, <code>detail</code>, <code>instance</code>,
<code>code</code> (one of the list below; the list is closed: a new code is a new API version), <code>requestId</code>
(also in <code>X-Request-Id</code>), and <code>errors[]</code> with every problem of the request at once
(<code>pointer</code>, <code>field</code>, <code>in</code>, <code>rule</code>, <code>detail</code>). A 409 caused by an existing
resource you may read names it in <code>existingId</code>.</p>
<table><thead><tr><th>code</th><th>status</th><th>title</th><th>tiếng Việt</th><th>中文</th></tr></thead><tbody>
${rows}
</tbody></table><p><a href="/docs">API reference</a></p></body></html>`;
}
