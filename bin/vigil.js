#!/usr/bin/env node
// The `vigil` command. Runs the built CLI (npm install / npm run build produce dist/).
require('../dist/apps/cli/src/main.js');
