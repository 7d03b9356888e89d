// A minimal typed client for agency systems: sends a registered operation by its hash (the server
// fills in the document; see src/operations/), with the API key as bearer token.
import { print, type DocumentNode } from "graphql";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { createHash } from "node:crypto";

export interface ClientOptions {
  url: string;
  apiKey: string;
  /** stated for conditional resources (X-Purpose) */
  purpose?: string;
}

export interface Result<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

/** The registry id of a document: SHA-256 of its printed form (as npm run operations:publish computes it). */
export const documentId = (document: DocumentNode) => createHash("sha256").update(print(document)).digest("hex");

export async function run<T, V>(options: ClientOptions, document: TypedDocumentNode<T, V>, variables: V): Promise<Result<T>> {
  const res = await fetch(options.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/graphql-response+json, application/json",
      authorization: `Bearer ${options.apiKey}`,
      ...(options.purpose ? { "x-purpose": encodeURIComponent(options.purpose) } : {}),
    },
    body: JSON.stringify({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: documentId(document as DocumentNode) } } }),
  });
  return (await res.json()) as Result<T>;
}
