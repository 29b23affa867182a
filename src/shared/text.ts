// Makes untrusted text (API answers, user input) safe for one log line: a line break could start
// a workflow command ("::set-output ...") on the runner, so control characters become spaces.

export function oneLine(text: string, max = 500): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
  if (flat.length <= max) return flat;
  // Cut by code points, so an emoji or any astral character is never split into U+FFFD.
  const chars = Array.from(flat);
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : flat;
}
