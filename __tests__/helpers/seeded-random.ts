// Random strings for property tests, from the seeded generator the benchmark also uses.
import { seededRandom } from '../../scripts/bench/timelines.ts';

export { seededRandom };

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
