/**
 * Raised when a file-backed dataset is not on disk. A distinct class lets the CLI print the
 * install hint without a stack trace and lets tests skip cleanly when a dataset is absent.
 */
export class DatasetNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetNotFoundError';
  }
}
