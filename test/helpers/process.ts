// Runs `npm start`'s entry point as a real child process and follows its JSON log.
import { spawn, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  logs: Array<Record<string, unknown>>;
  /** resolves with the exit code */
  exited: Promise<number | null>;
}

/** npm start's entry point, as one process (package.json's start script runs the same). */
export const MAIN = [process.execPath, "--import", "tsx", "src/main.ts"];

export async function spawnServer(env: Record<string, string>, timeoutMs = 120_000, command: string[] = MAIN): Promise<ServerProcess> {
  const child = spawn(command[0]!, command.slice(1), {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: process.env.CHILD_LOG_LEVEL ?? "info", NODE_ENV: "test", DEFAULT_LANGUAGE: "en", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: Array<Record<string, unknown>> = [];
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not ready in ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
    createInterface({ input: child.stdout! }).on("line", (line) => {
      try {
        const entry = JSON.parse(line);
        logs.push(entry);
        if (entry.msg === "ready") {
          clearTimeout(timer);
          resolve(entry.url);
        }
      } catch {
        /* not a log line */
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before ready; stderr: ${stderr}`));
    });
  });
  return { child, url, logs, exited };
}

/** The demo keys a start wrote: the file its log line `demo API keys are in …` names. */
export async function demoKeysOf(server: ServerProcess): Promise<Record<string, string>> {
  // That line follows "ready" and may still be on its way when spawnServer returns.
  let line: Record<string, unknown> | undefined;
  while (!(line = server.logs.find((l) => typeof l.demoKeys === "string"))) {
    if (server.child.exitCode !== null) throw new Error("the server exited without naming its demo keys");
    await new Promise((r) => setTimeout(r, 20));
  }
  return JSON.parse(await readFile(line.demoKeys as string, "utf8")) as Record<string, string>;
}
