#!/usr/bin/env node
/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import { processIO } from './processIO';
import { main } from './index';

main(process.argv.slice(2), processIO()).then(
  code => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 1;
  }
);
