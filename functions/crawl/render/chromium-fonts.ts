import { copyFile, mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import chromium from "@sparticuz/chromium";

/** Where Chromium's fontconfig looks, and which binary reads it. */
export interface ChromiumFonts {
  executablePath: string;
  fontconfigPath: string;
  cjkFontFile: string;
}

const FONT_FILE_NAME = "NotoSansSC-Regular.ttf";

/** The Noto Sans SC TTF; PRICEWARDEN_CJK_FONT overrides it for bundles that ship the file beside the code. */
export function cjkFontSource(): string {
  const fromEnv = process.env["PRICEWARDEN_CJK_FONT"];
  if (fromEnv) return fromEnv;
  return createRequire(import.meta.url).resolve(
    "@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf",
  );
}

let prepared: Promise<ChromiumFonts> | undefined;

/**
 * Unpacks Chromium (and with it the package's fonts folder and fonts.conf), copies the CJK font
 * into that folder and sets FONTCONFIG_PATH. Once per process; a failure is retried next call.
 */
export function prepareChromiumFonts(): Promise<ChromiumFonts> {
  prepared ??= prepare().catch((error: unknown) => {
    prepared = undefined;
    throw error;
  });
  return prepared;
}

async function prepare(): Promise<ChromiumFonts> {
  // executablePath() inflates fonts.tar.br into <tmpdir>/fonts only when that folder is absent,
  // so it must run before anything creates the folder.
  const executablePath = await chromium.executablePath();
  const fontsDir = join(tmpdir(), "fonts");
  await ensureFontsConf(fontsDir);
  const cjkFontFile = join(fontsDir, FONT_FILE_NAME);
  await copyIfChanged(cjkFontSource(), cjkFontFile);
  // The Lambda setup sets this too; on Debian nothing does, and fontconfig would then read
  // /etc/fonts, which has no CJK font.
  process.env["FONTCONFIG_PATH"] ??= fontsDir;
  return { executablePath, fontconfigPath: process.env["FONTCONFIG_PATH"], cjkFontFile };
}

/**
 * The packaged fonts.conf lists /tmp/fonts literally. If /tmp/chromium survived while the fonts
 * folder did not (executablePath() then skips the fonts), or TMPDIR is not /tmp, the folder we
 * fill would not be read, so the conf is written or extended to name it.
 */
async function ensureFontsConf(fontsDir: string): Promise<void> {
  const confPath = join(fontsDir, "fonts.conf");
  const dirEntry = `<dir>${fontsDir}</dir>`;
  const current = await readFile(confPath, "utf8").catch(() => null);
  if (current?.includes(dirEntry)) return;
  const next =
    current?.includes("</fontconfig>") === true
      ? current.replace("</fontconfig>", `  ${dirEntry}\n</fontconfig>`)
      : [
          '<?xml version="1.0"?>',
          '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
          "<fontconfig>",
          `  ${dirEntry}`,
          `  <cachedir>${join(tmpdir(), "fonts-cache")}</cachedir>`,
          "</fontconfig>",
          "",
        ].join("\n");
  await atomicWrite(confPath, (tmp) => writeFile(tmp, next));
}

async function copyIfChanged(source: string, target: string): Promise<void> {
  const [from, to] = await Promise.all([stat(source), stat(target).catch(() => null)]);
  if (to?.size === from.size) return;
  await atomicWrite(target, (tmp) => copyFile(source, tmp));
}

/** Several processes (test workers, Lambda re-inits) may prepare at once; rename is atomic. */
async function atomicWrite(target: string, write: (tmp: string) => Promise<void>): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
  await write(tmp);
  await rename(tmp, target);
}
