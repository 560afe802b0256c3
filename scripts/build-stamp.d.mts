import type { Hash } from 'node:crypto';

export function fingerprintFiles(root: string, files: readonly string[]): Hash;
export function writeInputsStamp(root: string, stampFile: string, inputs: readonly string[]): void;
export function isStampCurrent(root: string, stampFile: string): boolean;
