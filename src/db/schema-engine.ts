// Loads Prisma's schema engine compiled to WebAssembly and binds it to one of our driver
// adapters. The stock CLI downloads a native engine binary, which fails offline; the WASM
// engine ships inside the npm package. Its entry module imports the .wasm file as an ES module
// (Node 20 needs --experimental-wasm-modules for that), so we instantiate the glue ourselves.
import { readFile } from "node:fs/promises";
import * as glue from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";

export type { SchemaEngine };

let instantiated: Promise<void> | undefined;

function instantiate(): Promise<void> {
  instantiated ??= (async () => {
    const glueUrl = import.meta.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await readFile(new URL("./schema_engine_bg.wasm", glueUrl));
    const { instance } = await WebAssembly.instantiate(bytes, {
      "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports,
    });
    (glue as unknown as { __wbg_set_wasm(w: unknown): void }).__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
  })();
  return instantiated;
}

export interface SchemaFile {
  path: string;
  content: string;
}

/**
 * A schema engine connected through `factory`. `log` receives the engine's JSON log lines.
 * The engine talks to the database only through the adapter, so it works on PGlite too.
 */
export async function openSchemaEngine(
  factory: SqlMigrationAwareDriverAdapterFactory,
  schema: SchemaFile,
  log: (line: string) => void = () => {},
): Promise<SchemaEngine> {
  await instantiate();
  const Engine = (glue as unknown as { SchemaEngine: typeof SchemaEngine }).SchemaEngine;
  return Engine.new({ datamodels: [[schema.path, schema.content]] }, log, bindMigrationAwareSqlAdapterFactory(factory));
}

/** Engine errors arrive as plain objects or strings; make them readable. */
export function engineErrorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "string") return error;
  if (error && typeof error === "object" && "message" in error) return String((error as { message: unknown }).message);
  return JSON.stringify(error);
}
