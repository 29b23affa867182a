// Markdown to HTML as GitHub renders it for a comment or a job summary: GFM (tables, autolinks)
// and then an allowlist of tags and attributes like GitHub's sanitizer (no script, no style, no
// event handler; comments dropped), so that a screenshot shows what a reader would see.

import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

const TAGS = [
  ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'b', 'i', 'strong', 'em', 's', 'del'],
  ...['a', 'pre', 'code', 'kbd', 'samp', 'tt', 'sub', 'sup', 'img', 'div', 'span', 'blockquote'],
  ...['ul', 'ol', 'li', 'dl', 'dt', 'dd', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
  ...['details', 'summary', 'small', 'mark', 'abbr', 'ins', 'q']
];

export function renderGitHubMarkdown(markdown: string): string {
  const html = marked.parse(markdown, { gfm: true, breaks: false, async: false });
  return sanitizeHtml(html, {
    allowedTags: TAGS,
    allowedAttributes: {
      a: ['href', 'title'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      details: ['open'],
      th: ['align'],
      td: ['align'],
      '*': ['title']
    },
    allowedSchemes: ['http', 'https', 'mailto']
  });
}
