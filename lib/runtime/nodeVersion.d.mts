export function unsupportedNodeMessage(current: string, wanted: string): string | null;
