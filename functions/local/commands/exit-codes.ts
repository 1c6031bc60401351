/** The CLI's exit codes (README "Coverage and exit codes"); 5 and 6 live with the store faults. */
export const EXIT_OK = 0;
/** Findings, where a check asks for them (`check`, `notice`, `evidence verify`). */
export const EXIT_FINDINGS = 1;
export const EXIT_BAD_INPUT = 2;
/** Infrastructure failures and bugs, distinct from the contract's codes. */
export const EXIT_INTERNAL = 3;
/** `run --once` ran, but could not see: a channel's coverage fell below `coverageAlertBelow`, or nothing could be fetched. */
export const EXIT_BLIND = 4;
/** `evidence verify`: the bundle is intact and validly signed, by a key the tenant never published. */
export const EXIT_SIGNER_UNKNOWN = 4;
