// The shared vocabulary of `career import`: what is imported, from which format, and the
// summary it reports.

export const IMPORT_TYPES = [
  'jobs',
  'applications',
  'contacts',
  'connections',
  'activities',
] as const;
export type ImportType = (typeof IMPORT_TYPES)[number];

export const DATA_FORMATS = ['csv', 'json', 'ndjson'] as const;
export type DataFormat = (typeof DATA_FORMATS)[number];

export const LINKEDIN_FORMATS = ['linkedin-connections', 'linkedin-applications'] as const;
export type LinkedInFormat = (typeof LINKEDIN_FORMATS)[number];

export const IMPORT_FORMATS = [...DATA_FORMATS, ...LINKEDIN_FORMATS] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** One row of the input, as read: its line number and its values by column name. */
export interface SourceRow {
  line: number;
  /** Column (or JSON key) -> value: strings from CSV, any JSON value from JSON/NDJSON. */
  values: Record<string, unknown>;
}

/** A rejected row: where it was, why, and what it held (for --rejects). */
export interface Rejection {
  line: number;
  reason: string;
  values: Record<string, unknown>;
  /** The row's text when it could not be read as a record at all (broken JSON). */
  text?: string;
}

export interface ImportSummary {
  type: ImportType;
  format: ImportFormat;
  dryRun: boolean;
  /**
   * Whether each batch was written in one transaction (all or nothing): on a replica set
   * and the embedded engine; not on a standalone mongod, nor in a dry run (nothing written).
   */
  transaction: boolean;
  inserted: number;
  updated: number;
  skipped: number;
  rejected: number;
  /** Records created or changed alongside the imported ones (the jobs of applications...). */
  related: Record<string, { inserted: number; updated: number }>;
  /** Columns no field matched: their values went into notes (or nowhere, said here). */
  unknownColumns: string[];
  /** Where unknown columns' values were kept ("notes"), or undefined when the type has none. */
  unknownColumnsKeptIn: string | undefined;
  /** The first rejections (line and reason); all of them go to --rejects. */
  rejects: Array<{ line: number; reason: string }>;
  /** True when there were more rejections than `rejects` lists. */
  rejectsTruncated: boolean;
}

/** A row that cannot be imported; the message says why, for a person. */
export class RowError extends Error {}
