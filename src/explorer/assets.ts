// The explorer's static assets: GraphiQL (pre-bundled by @graphql-yoga/render-graphiql, installed
// from npm, never loaded from a CDN) split into cacheable files with content hashes in their names,
// plus our small page script. Built once per process, with a gzip copy of each.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";

export interface Asset {
  path: string;
  type: string;
  body: Buffer;
  gzip: Buffer;
}

export interface ExplorerAssets {
  byPath: Map<string, Asset>;
  /** URL paths the page refers to */
  urls: { graphqlWsJs: string; graphiqlJs: string; graphiqlCss: string; explorerJs: string; editorWorker: string; jsonWorker: string; graphqlWorker: string };
  favicon: string;
}

const JS = "application/javascript; charset=utf-8";

function asset(name: string, ext: "js" | "css", text: string): Asset {
  const body = Buffer.from(text, "utf8");
  const hash = createHash("sha256").update(body).digest("hex").slice(0, 12);
  return { path: `/explorer/assets/${name}.${hash}.${ext}`, type: ext === "js" ? JS : "text/css; charset=utf-8", body, gzip: gzipSync(body, { level: 6 }) };
}

let built: Promise<ExplorerAssets> | undefined;

export function explorerAssets(): Promise<ExplorerAssets> {
  built ??= (async () => {
    const graphiql = (await import("@graphql-yoga/render-graphiql/graphiql")) as unknown as Record<string, string>;
    const page = await readFile(new URL("./explorer.client.js", import.meta.url), "utf8");
    // graphql-ws's browser build (global graphqlWs): the page's own fetcher runs subscriptions with it.
    const graphqlWs = await readFile(join(dirname(createRequire(import.meta.url).resolve("graphql-ws")), "../umd/graphql-ws.min.js"), "utf8");
    const a = {
      graphqlWsJs: asset("graphql-ws", "js", graphqlWs),
      graphiqlJs: asset("graphiql", "js", graphiql.js!),
      graphiqlCss: asset("graphiql", "css", graphiql.css!),
      explorerJs: asset("explorer", "js", page),
      editorWorker: asset("editor.worker", "js", graphiql.editorWorkerService!),
      jsonWorker: asset("json.worker", "js", graphiql.jsonWorker!),
      graphqlWorker: asset("graphql.worker", "js", graphiql.graphqlWorker!),
    };
    return {
      byPath: new Map(Object.values(a).map((x) => [x.path, x])),
      urls: Object.fromEntries(Object.entries(a).map(([k, x]) => [k, x.path])) as ExplorerAssets["urls"],
      favicon: graphiql.favicon!,
    };
  })();
  return built;
}
