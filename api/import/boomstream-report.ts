/** The words the import prints: what it read, what it would do per row, and the summary. */
import { describeColumn, type ColumnRef } from './boomstream-columns.ts';
import type { BoomstreamImportResult, ImportCounts, ReadCsvResult } from './boomstream-users.ts';

export function formatSummary(counts: ImportCounts): string {
  return `created ${counts.created}, updated ${counts.updated}, unchanged ${counts.unchanged}, rejected ${counts.rejected}`;
}

function where(ref: ColumnRef): string {
  return describeColumn(ref).replace(/^column /, '');
}

/** `users.csv: windows-1251, ";", 120 row(s); email "Почта" (1), password "Код" (4), …; ignored "Телефон" (5)` */
export function formatReadInfo(file: string, read: ReadCsvResult): string {
  const { layout } = read;
  const encoding =
    read.encoding === 'utf-8' ? (read.bom ? 'UTF-8 with BOM' : 'UTF-8') : 'Windows-1251';
  const columns = [
    `email ${where(layout.email)}`,
    `password ${where(layout.password)}`,
    ...(layout.first ? [`first name ${where(layout.first)}`] : []),
    ...(layout.last ? [`last name ${where(layout.last)}`] : []),
    ...(layout.fullName
      ? [
          `${layout.fullName.order === 'first-last' ? 'name (first last)' : 'name (last first)'} ${where(layout.fullName)}`,
        ]
      : []),
  ];
  if (!layout.first && !layout.last && !layout.fullName)
    columns.push('no name column (names are left as they are)');
  const rows = read.rows.length + read.rejected.length;
  const header = layout.hasHeader ? '' : ', no header row';
  const ignored = layout.ignored.length ? `; ignored ${layout.ignored.map(where).join(', ')}` : '';
  return `${file}: ${encoding}, "${read.delimiter}"${header}, ${rows} row(s); ${columns.join(', ')}${ignored}`;
}

/** One line per row, in file order: what the import does (or would do) with it. */
export function formatRowLines(result: BoomstreamImportResult): string[] {
  const lines = [
    ...result.planned.map((p) => ({
      line: p.row.line,
      action: p.action,
      text: p.action === 'updated' ? `${p.row.email} (${p.changes.join(', ')})` : p.row.email,
    })),
    ...result.read.rejected.map((r) => ({ line: r.line, action: 'rejected', text: r.detail })),
  ].sort((a, b) => a.line - b.line);
  const width = Math.max(0, ...lines.map((l) => String(l.line).length));
  return lines.map((l) => `line ${String(l.line).padEnd(width)}  ${l.action.padEnd(9)}  ${l.text}`);
}
