/**
 * The command registry (scripts/commands/index.ts) names each command and its summary without
 * importing it; here every entry is loaded and must be the command it announces.
 */
import { describe, expect, it } from 'vitest';
import { commands } from '#scripts/commands/index.ts';

describe('the command registry', () => {
  it.each(commands.map((entry) => [entry.name, entry] as const))(
    '"%s" loads the command it lists, with the same summary',
    async (_name, entry) => {
      const command = await entry.load();
      expect({ name: command.name, summary: command.summary }).toEqual({
        name: entry.name,
        summary: entry.summary,
      });
      expect(typeof command.run).toBe('function');
    },
  );

  it('lists each name once', () => {
    expect(new Set(commands.map((c) => c.name)).size).toBe(commands.length);
  });
});
