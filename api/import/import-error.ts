/**
 * An expected import failure (unreadable file, unusable layout, invalid rows, a row the database
 * refused). `message` is one line; `details` are the lines to show before it (one per bad row).
 */
export class ImportError extends Error {
  readonly details: readonly string[];
  constructor(message: string, details: readonly string[] = []) {
    super(message);
    this.name = 'ImportError';
    this.details = details;
  }
}
