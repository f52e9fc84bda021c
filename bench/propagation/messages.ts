/** IPC between the propagation bench's driver and its child processes. */
export type ToFleet = { kind: 'watch'; key: string };
export type FromFleet = { kind: 'ready'; count: number } | { kind: 'seen'; key: string; times: number[] } | { kind: 'error'; message: string };
export type ToServer = { kind: 'fire'; key: string };
export type FromServer = { kind: 'listening'; port: number } | { kind: 'fired'; key: string; at: number };
