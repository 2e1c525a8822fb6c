/**
 * `tokentrail.simulated`: set to `true` on an inference span made by a simulation (such as the RSA
 * package's deterministic local model) rather than a real provider call. The ledger copies it to
 * `extra.simulated` and `tokentrail report` keeps such rows out of the real-spend total, so priced
 * "as if" tokens are never read as money spent. One key for every package that writes or reads it.
 */
export const ATTR_TOKENTRAIL_SIMULATED = 'tokentrail.simulated' as const;
