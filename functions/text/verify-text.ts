import type { Locale } from "./locale.js";

/**
 * What `verifyEvidenceArchive` found wrong with a bundle (English, fixed wording in
 * functions/evidence/evidence-verify.ts), in the reader's language: a lawyer checking a bundle
 * reads why it fails. Wording this table does not know is shown as recorded.
 */
const ZH: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/^(.+): missing from the archive$/, (m) => `${m[1]}：压缩包中缺少此文件`],
  [
    /^(.+): the signature does not match (.+) under the embedded public key \((.+) or (its|the) signature was altered\)$/,
    (m) => `${m[1]}：签名与 ${m[2]} 不符（按包内公钥验证；${m[2]} 或其签名已被改动）`,
  ],
  [
    /^(.+): names signing key (.+), but (.+) is (.+)$/,
    (m) => `${m[1]}：写明的签名密钥为 ${m[2]}，但 ${m[3]} 是 ${m[4]}`,
  ],
  [/^(.+): its public key is not the one in (.+)$/, (m) => `${m[1]}：其中的公钥与 ${m[2]} 不一致`],
  [
    /^(.+): records a screenshot but lists no screenshot file$/,
    (m) => `${m[1]}：记录了截图，但文件清单中没有截图`,
  ],
  [
    /^(.+): signed by key (.+), not the capture's key (.+)$/,
    (m) => `${m[1]}：由密钥 ${m[2]} 签名，而非取证时的密钥 ${m[3]}`,
  ],
  [
    /^(.+): refers to a different manifest\.json than the one in the archive$/,
    (m) => `${m[1]}：所指的 manifest.json 与包内的不是同一份`,
  ],
  [/^(.+): names another capture than (.+)$/, (m) => `${m[1]}：所指的取证记录与 ${m[2]} 不同`],
  [
    /^(.+): unexpected entry, not listed in any signed manifest$/,
    (m) => `${m[1]}：多出的文件，未列在任何已签名的清单中`,
  ],
  [/^trusted fingerprint (.+) is not a SHA-256 fingerprint$/, (m) => `受信任指纹 ${m[1]} 不是 SHA-256 指纹`],
  [/^expected fingerprint (.+) is not a SHA-256 fingerprint$/, (m) => `指定的指纹 ${m[1]} 不是 SHA-256 指纹`],
  [
    /^signed by key (.+), not by the expected key (.+)$/,
    (m) => `由密钥 ${m[1]} 签名，而非指定的密钥 ${m[2]}`,
  ],
  [/^(.+): lists (.+) more than once$/, (m) => `${m[1]}：重复列出了 ${m[2]}`],
  [/^(.+): listed in (.+) but missing from the archive$/, (m) => `${m[1]}：列在 ${m[2]} 中，但压缩包中没有`],
  [/^(.+): (\d+) bytes, (.+) says (\d+)$/, (m) => `${m[1]}：实际 ${m[2]} 字节，${m[3]} 记载为 ${m[4]} 字节`],
  [
    /^(.+): SHA-256 (\w+) does not match (\w+) in (.+) \(the file was altered\)$/,
    (m) => `${m[1]}：SHA-256 为 ${m[2]}，与 ${m[4]} 中记载的 ${m[3]} 不符（文件已被改动）`,
  ],
  // The parser's own detail (English, technical) stays in the English report and `--json`.
  [/^(.+): not valid UTF-8 JSON \((.+)\)$/, (m) => `${m[1]}：不是有效的 UTF-8 JSON`],
  [/^(.+): not a manifest this verifier understands \((.+)\)$/, (m) => `${m[1]}：不是本工具能识别的清单格式`],
];

export function verifyProblemText(problem: string, locale: Locale): string {
  if (locale === "en") return problem;
  for (const [re, render] of ZH) {
    const m = re.exec(problem);
    if (m) return render(m);
  }
  return problem;
}
