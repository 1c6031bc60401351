import { type Command, Help } from "commander";
import type { CliText } from "../../text/cli-text.js";

/**
 * Commander's own words (help headings, "(default: …)", its parse errors) in the reader's
 * language. Subcommands inherit both settings from the program.
 */
export function localizeCommander(program: Command, t: CliText): Command {
  const base = new Help();
  const extras = (text: string) =>
    text.replace(
      /(\(|, )(choices|default|env|preset): /g,
      (_, before: string, word: "choices" | "default" | "env" | "preset") =>
        `${before === "(" ? "(" : t.commander.extra.comma}${t.commander.extra[word]}${t.commander.extra.separator}`,
    );
  return program
    .configureHelp({
      styleTitle: (title) => t.commander.titles[title] ?? title,
      optionDescription: (option) => extras(base.optionDescription(option)),
      argumentDescription: (argument) => extras(base.argumentDescription(argument)),
    })
    .configureOutput({
      outputError: (message, write) => write(translateError(message, t)),
    });
}

function translateError(message: string, t: CliText): string {
  for (const [pattern, replacement] of t.commander.errors)
    if (pattern.test(message)) return message.replace(pattern, replacement);
  return message;
}
