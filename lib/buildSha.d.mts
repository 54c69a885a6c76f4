export function buildSha(): string;
