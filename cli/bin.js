#!/usr/bin/env node
// `blobs` on the PATH: registers tsx so the TypeScript entry runs as is (no build step).
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
