// A small seeded generator (mulberry32): property tests are random but repeatable.
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random string drawn mostly from characters that matter to the code under test. */
export function randomString(random: () => number, alphabet: string, maxLength: number): string {
  const chars = [...alphabet];
  const length = Math.floor(random() * maxLength);
  let out = '';
  for (let i = 0; i < length; i++) {
    out +=
      random() < 0.05
        ? String.fromCodePoint(Math.floor(random() * 0x2ffff))
        : chars[Math.floor(random() * chars.length)];
  }
  return out;
}
