// Loads undici, which only Octokit uses, and hands it to the bundle's stand-in
// (undici-on-demand.cjs): in the sources, where 'undici' is undici itself, that is harmless.

import standIn from './undici-on-demand.cjs';

export async function loadUndici(): Promise<void> {
  standIn.provide(await import('undici/index.js'));
}
