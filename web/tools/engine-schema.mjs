// Writes web/engine-schema.js from the engine: the settings table of
// engine/settings.hpp and the facts the page takes from the engine, printed by
// the native tool build/native/schema_js (engine/tools/schema_js.cpp).
//
//   node web/tools/engine-schema.mjs           rewrite web/engine-schema.js
//   node web/tools/engine-schema.mjs --check   exit 1, saying so, if the committed file is stale
//
// The native build (./build.sh build, or cmake --build build/native) must have run.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const TOOL = `${ROOT}build/native/schema_js`;
export const SCHEMA = `${ROOT}web/engine-schema.js`;

/** What the engine says web/engine-schema.js should hold. */
export function generatedSchema() {
  if (!existsSync(TOOL)) throw new Error(`${TOOL} is missing: build the native engine first (./build.sh build)`);
  return execFileSync(TOOL, { encoding: 'utf8' });
}

/** Whether the committed file holds exactly that. */
export function schemaIsCurrent() {
  return existsSync(SCHEMA) && readFileSync(SCHEMA, 'utf8') === generatedSchema();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    if (!schemaIsCurrent()) {
      console.error('web/engine-schema.js is stale: the engine\'s settings changed; run node web/tools/engine-schema.mjs');
      process.exit(1);
    }
  } else {
    writeFileSync(SCHEMA, generatedSchema());
    console.log('wrote web/engine-schema.js');
  }
}
