// The stand-in's one entry point for TypeScript (see undici-on-demand.cjs).
declare const standIn: { provide(real: unknown): void };
export = standIn;
