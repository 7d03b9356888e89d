// What every command-line entry point shares: --help prints the usage, a bad or incomplete flag is
// one line naming it (exit 2), and a failure is one line (exit 1), never a stack trace.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { ConfigError, loadConfig, type Config } from "../config.ts";
import { langOfEnvironment, t, type MessageKey, type MessageParams } from "../i18n/index.ts";

export interface CommandLine {
  /** the usage text printed by --help (first line: the command's synopsis) */
  usage: string;
  options?: NonNullable<ParseArgsConfig["options"]>;
  allowPositionals?: boolean;
}

/** A catalogue message in the locale's language (src/i18n/lang.ts langOfEnvironment). */
export const say = (key: MessageKey, params: MessageParams = {}): string => t(langOfEnvironment(), key, params);

/** Prints one line and exits (2: the command line itself is wrong; 1: anything else). */
export function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

/** Node's parseArgs messages, as one line that names the flag, in the locale's language (src/i18n/). */
function flagError(error: Error & { code?: string }, usage: string): string {
  const lang = langOfEnvironment();
  const synopsis = usage.split("\n")[0]!;
  const say = (key: MessageKey, option: string) => t(lang, key, { option, synopsis });
  const unknown = /Unknown option '([^']+)'/.exec(error.message);
  if (unknown) return say("cli.unknownOption", unknown[1]!);
  const missing = /Option '([^' ]+)[^']*' argument missing/.exec(error.message);
  if (missing) return say("cli.needsValue", missing[1]!);
  const unexpected = /Unexpected argument '([^']+)'/.exec(error.message);
  if (unexpected) return say("cli.unexpectedArgument", unexpected[1]!);
  const ambiguous = /Option '([^' ]+)[^']*' argument is ambiguous/.exec(error.message);
  if (ambiguous) return say("cli.ambiguousValue", ambiguous[1]!);
  const asBoolean = /Option '([^' ]+)[^']*' does not take an argument/.exec(error.message);
  if (asBoolean) return say("cli.takesNoValue", asBoolean[1]!);
  return t(lang, "cli.badCommandLine", { problem: error.message.split(".")[0]!, synopsis });
}

export function parseCommandLine(spec: CommandLine, argv = process.argv.slice(2)) {
  const options = { ...spec.options, help: { type: "boolean", short: "h", default: false } } as const;
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: spec.allowPositionals ?? false, strict: true });
  } catch (error) {
    fail(flagError(error as Error, spec.usage), 2);
  }
  if (parsed.values.help) {
    console.log(spec.usage.trimEnd());
    process.exit(0);
  }
  return parsed as { values: Record<string, string | boolean | undefined>; positionals: string[] };
}

/**
 * The configuration, with some settings given as flags instead (e.g. --seed for SEED): a bad value
 * is reported under the flag's name, not the variable's.
 */
export function configWithFlags(flags: Record<string, string | undefined> = {}): Config {
  const overrides = Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined));
  try {
    return loadConfig({ ...process.env, ...overrides });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const flag = Object.entries(flags).find(([variable, value]) => value !== undefined && variable === error.variable);
    if (flag) fail(t(langOfEnvironment(), "cli.invalidOption", { option: `--${flagName(flag[0])}`, value: JSON.stringify(flag[1]), rule: error.rule }), 2);
    fail(error.message);
  }
}

/** SEED_SCALE → scale: the flags that stand for settings are named after them. */
const FLAG_OF_VARIABLE: Record<string, string> = { SEED: "seed", SEED_SCALE: "scale" };
const flagName = (variable: string) => FLAG_OF_VARIABLE[variable] ?? variable.toLowerCase().replace(/_/g, "-");
