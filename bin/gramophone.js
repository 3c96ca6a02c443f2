#!/usr/bin/env node
// Entry point of the `gramophone` CLI. The sources are TypeScript run through tsx's loader,
// so `npx gramophone` works from a fresh clone without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
