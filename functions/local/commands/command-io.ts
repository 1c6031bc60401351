import { type Command, Option } from "commander";
import type { TenantConfig } from "../../core/config.js";
import { type CliText, cliText } from "../../text/cli-text.js";
import { isLocale, type Locale, tenantLocale } from "../../text/locale.js";

/** What every command writes to: stdout for results, stderr for progress and problems. */
export const out = (text: string): void => {
  process.stdout.write(`${text}\n`);
};
export const err = (text: string): void => {
  process.stderr.write(`${text}\n`);
};

export const DEFAULT_DATA_DIR = "./.pricewarden";

export const dataDirOption = (t: CliText): Option =>
  new Option("--data-dir <dir>", t.help.dataDir).default(DEFAULT_DATA_DIR);

/**
 * The language before any config is read: `--lang`, else `PRICEWARDEN_LANG`, else Chinese (the
 * first language of the people who use this). Read from argv so help text is in it too.
 */
export function earlyLocale(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Locale {
  const flag = langFlag(argv);
  if (flag) return flag;
  const fromEnv = env.PRICEWARDEN_LANG;
  return isLocale(fromEnv) ? fromEnv : "zh-CN";
}

function langFlag(argv: readonly string[]): Locale | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = arg === "--lang" ? argv[i + 1] : arg.startsWith("--lang=") ? arg.slice(7) : undefined;
    if (isLocale(value)) return value;
  }
  return null;
}

/**
 * The language a command speaks: `--lang` wins, then the tenant's `locale` (zh-CN for a CN tenant)
 * when the command read a config, then `PRICEWARDEN_LANG`, then Chinese.
 */
export function commandLocale(command?: Command, config?: TenantLanguage): Locale {
  const flagged = flaggedLocale(command);
  if (flagged) return flagged;
  if (config) return tenantLocale(config);
  return earlyLocale([]);
}

/** `--lang` when it was given (to the program or the command); null otherwise. */
export function flaggedLocale(command?: Command): Locale | null {
  const given = command ? command.optsWithGlobals<{ lang?: string }>().lang : undefined;
  if (isLocale(given)) return given;
  return argvLocale;
}

/** `--lang` as `main()` found it in its argv, for code that has no command at hand. */
let argvLocale: Locale | null = null;
export function rememberLangFlag(argv: readonly string[]): void {
  argvLocale = langFlag(argv);
}

type TenantLanguage = Pick<TenantConfig, "locale" | "jurisdiction" | "currency">;

export function commandText(command?: Command, config?: TenantLanguage): CliText {
  return cliText(commandLocale(command, config));
}
