export type LocalKeys = { privateJwk: string; jwks: string; kapsoSecretsKey: string };
export const LOCAL_KEYS_PATH: string;
export function createLocalKeys(): Promise<LocalKeys>;
export function loadOrCreateLocalKeys(file?: string): Promise<LocalKeys>;
