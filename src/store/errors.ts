// Errors the register raises to its callers (ops, API, CLI map them to messages, HTTP codes, exit codes).

/** A write named a version that is no longer current (optimistic locking): the edit was refused, not lost. */
export class ConflictError extends Error {
  constructor(
    readonly entity: string,
    readonly id: string,
    readonly expected: number,
    /** The version now stored, or null when the record is gone. */
    readonly current: number | null,
  ) {
    super(`${entity} ${id} changed meanwhile: version ${expected} expected, ${current ?? 'none'} stored`);
  }
}

/** The record asked for does not exist. */
export class NotFoundError extends Error {
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} not found`);
  }
}
