#!/usr/bin/env node
// The installed `bi`: runs the compiled commands in dist/.
import { execute } from '@oclif/core';

await execute({ dir: import.meta.url });
