/** The CLI's exit codes, the same for every command. */
export const EXIT = {
  ok: 0,
  /** The command ran, but not everything succeeded (e.g. a file did not end LABELLED). */
  notAllOk: 1,
  /** The command could not start: bad flags, no amplify_outputs.json, an unreadable certificate. */
  cannotStart: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
