// The frames around the rendered Markdown: a pull-request comment as it sits in the
// conversation, and a job summary as it sits on the run's page, both in GitHub's light theme.

import { readFileSync } from 'node:fs';

const css = readFileSync(
  new URL('../../node_modules/github-markdown-css/github-markdown-light.css', import.meta.url),
  'utf8'
);

const FRAME = `
  body { margin: 0; background: #f6f8fa; font-family: -apple-system, "Segoe UI", "Noto Sans",
    Helvetica, Arial, sans-serif, "Noto Color Emoji"; color: #1f2328; }
  .column { width: 912px; margin: 24px auto 32px; }
  .box { border: 1px solid #d1d9e0; border-radius: 6px; background: #fff; }
  .box-header { padding: 8px 16px; background: #f6f8fa; border-bottom: 1px solid #d1d9e0;
    border-radius: 6px 6px 0 0; font-size: 14px; color: #59636e; }
  .box-header b { color: #1f2328; }
  .bot { display: inline-block; padding: 0 6px; margin: 0 4px; border: 1px solid #d1d9e0;
    border-radius: 2em; font-size: 12px; line-height: 18px; }
  .markdown-body { padding: 16px 24px; font-size: 14px; }
  .comment { display: flex; gap: 16px; }
  .avatar { flex: none; width: 40px; height: 40px; border-radius: 50%; background: #2da44e;
    color: #fff; font: 600 16px/40px sans-serif; text-align: center; }
  .comment .box { flex: 1; min-width: 0; }
`;

function page(body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>screenshot</title>
<style>${css}</style><style>${FRAME}</style></head>
<body>${body}
<script>
  document.body.setAttribute('data-height', String(Math.ceil(document.documentElement.scrollHeight)));
</script>
</body></html>`;
}

export function commentPage(html: string): string {
  return page(`<div class="column comment">
  <div class="avatar">GA</div>
  <div class="box">
    <div class="box-header"><b>github-actions</b><span class="bot">bot</span> commented 1 minute ago</div>
    <div class="markdown-body">${html}</div>
  </div>
</div>`);
}

export function summaryPage(html: string): string {
  return page(`<div class="column">
  <div class="box">
    <div class="box-header"><b>purge-cdn summary</b></div>
    <div class="markdown-body">${html}</div>
  </div>
</div>`);
}
