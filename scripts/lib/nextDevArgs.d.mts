export function nextDevArgs(port: number | string, convexUrl: string): string[];
