import { listPlugins } from '@rivulet/core';
import { describePlugin, pluginsByRole } from './describePlugins.js';
import { loadPlugins } from './loadPlugins.js';
import type { CommandLine } from './parseCommandLine.js';

/** The roles `rivulet topics` lets a user choose by name, with the flag that chooses each. */
const CHOSEN_ROLES: readonly [string, string][] = [
  ['document-filter', '--document-filter NAME (repeatable)'],
  ['tokenizer', '--tokenizer NAME'],
  ['token-filter', '--token-filter NAME (repeatable)'],
  ['decomposer', '--decomposer NAME'],
];

/**
 * The part of `rivulet topics --help` that lists the plugins a run can choose — the built-ins and those
 * of any `--plugin` on the same command line — with their options, read from their descriptors.
 */
export async function pluginHelp(line: CommandLine): Promise<string> {
  const plugin = line.values.plugin;
  const { container } = await loadPlugins(Array.isArray(plugin) ? plugin : []);
  const byRole = pluginsByRole(listPlugins(container));
  const sections: string[] = [];
  for (const [role, flag] of CHOSEN_ROLES) {
    const plugins = byRole.get(role);
    if (!plugins?.length) continue;
    sections.push(`${role}s (${flag}):\n${plugins.map((p) => describePlugin(p)).join('\n')}`);
  }
  return sections.length === 0
    ? ''
    : `\nPlugins (rivulet plugins lists every role):\n\n${sections.join('\n\n')}\n`;
}
