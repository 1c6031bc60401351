import type { Command } from "commander";
import type { CliText } from "../../text/cli-text.js";
import { dataDirOption, err, out } from "./command-io.js";
import { EXIT_FINDINGS, EXIT_OK } from "./exit-codes.js";

export function registerNotice(program: Command, t: CliText): void {
  program
    .command("notice")
    .description(t.help.notice)
    .argument("<alertId>", t.help.alertId)
    .requiredOption("--config <file>", t.help.noticeConfig)
    .option("--json", t.help.json)
    .addOption(dataDirOption(t))
    .action(
      async (
        alertId: string,
        opts: { config: string; json?: boolean; dataDir: string },
        command: Command,
      ) => {
        const { loadConfig } = await import("./load-config.js");
        const { config, t } = await loadConfig(opts.config, command);
        const [
          { checkAlertIdForm, resolveAlert },
          { withLocalStore },
          { latestNoticeEvidence },
          { draftNotice },
        ] = await Promise.all([
          import("./resolve-alert-id.js"),
          import("../local-store.js"),
          import("../../api/alert-notice.js"),
          import("../../core/notice.js"),
        ]);
        checkAlertIdForm(alertId, t);
        const { EvidenceRepository } = await import("../../store/evidence-repository.js");
        await withLocalStore(opts.dataDir, async (store) => {
          const alert = await resolveAlert(store.alerts, config.tenant, alertId, t);
          const evidence = await latestNoticeEvidence(
            new EvidenceRepository(store.doc, store.tableName),
            config.tenant,
            alert.id,
          );
          const draft = draftNotice(alert, config, evidence, new Date());
          if (opts.json) out(JSON.stringify(draft));
          else if (draft.kind === "draft") out(t.notice.draft(draft.recipient, draft.subject, draft.text));
          else err(t.notice.none(alert.id, draft.reason));
          process.exitCode = draft.kind === "draft" ? EXIT_OK : EXIT_FINDINGS;
        });
      },
    );
}
