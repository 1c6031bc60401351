import type { Manifest } from "./evidence-manifest.js";
import { displayFingerprint } from "./evidence-signer.js";

/** README.txt of an exported archive: what is in it and how to check it without our software. */
export function readmeText(manifest: Manifest): string {
  return `PRICEWARDEN EVIDENCE BUNDLE
===========================

Alert     ${manifest.alertId} (${manifest.alert.type}, tenant ${manifest.tenant})
Capture   ${manifest.captureId}, captured ${manifest.capturedAt}
Signed by Ed25519 key ${displayFingerprint(manifest.signing.fingerprint)}

WHAT IS IN THIS ARCHIVE

  files/page.html       the page's HTML exactly as fetched, decoded from its original
                        charset (recorded in manifest.json) and stored as UTF-8
  files/listing.json    the fields read from the page, with the source of each
  files/finding.json    the rule's finding: explanation, observed value, threshold, inputs
  files/screenshot.png  full-page screenshot by Chromium (only when one was taken;
                        manifest.json says why when there is none)
  manifest.json         capture metadata (URLs, HTTP status, times, tool version) and the
                        size and SHA-256 of every file above; canonical JSON
  manifest.sig          Ed25519 signature over the exact bytes of manifest.json
  public-key.pem        the public key the signatures verify with
  export.json           size and SHA-256 of summary.pdf and README.txt and of manifest.json,
                        written when this archive was exported
  export.sig            Ed25519 signature over the exact bytes of export.json
  summary.pdf           a readable summary, generated from the signed files

HOW TO VERIFY

1. With pricewarden:   pricewarden evidence verify THIS.zip
   It checks every entry in memory (nothing is unpacked), every size and SHA-256, both
   signatures, and that the archive holds nothing else. It prints the key fingerprint.

2. Compare the fingerprint with the one the brand publishes (on its website or in a
   notarised statement). A valid signature only proves the files are unchanged since
   they were signed by the holder of that key; the fingerprint ties the key to the brand.

3. Without pricewarden (OpenSSL 3 and coreutils), after unpacking into an empty folder:
     openssl pkey -pubin -in public-key.pem -outform DER | sha256sum
         -> must equal the fingerprint above (without the "SHA256" label and spaces)
     openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin \\
         -in manifest.json -sigfile manifest.sig
         -> "Signature Verified Successfully"
     sha256sum files/*
         -> each hash must equal the one listed for that file in manifest.json
   The same two steps apply to export.json / export.sig and summary.pdf / README.txt.
`;
}
