import { describeOption, type OptionSpec, type PluginDescriptor } from '@rivulet/core';

/** The capabilities a descriptor declares, as words for a listing. */
export function capabilityWords(plugin: PluginDescriptor): string[] {
  const c = plugin.capabilities ?? {};
  const words: string[] = [];
  if (c.trainingLoop) words.push('training loop (sliceMs, stop)');
  if (c.state && c.transform) words.push('transform with a saved model');
  if (c.worker) words.push('--worker');
  return words;
}

/** One plugin with its options, one per line, as `rivulet plugins` and `--help` show it. */
export function describePlugin(plugin: PluginDescriptor, indent = '  '): string {
  const lines = [`${indent}${plugin.name.padEnd(16)} ${plugin.description}`];
  const words = capabilityWords(plugin);
  if (words.length) lines.push(`${indent}${' '.repeat(17)}can: ${words.join(', ')}`);
  for (const [name, spec] of Object.entries(plugin.options ?? {}) as [string, OptionSpec][]) {
    if (spec.codeOnly) continue;
    const value = spec.default === undefined ? '' : ` (default ${JSON.stringify(spec.default)})`;
    lines.push(`${indent}    ${name.padEnd(14)} ${describeOption(spec)}${value}: ${spec.description}`);
  }
  return lines.join('\n');
}

/** The registered plugins, the last of each role and name (the one a name resolves to), by role. */
export function pluginsByRole(plugins: readonly PluginDescriptor[]): Map<string, PluginDescriptor[]> {
  const last = new Map<string, PluginDescriptor>();
  for (const p of plugins) last.set(`${p.role}\u0000${p.name}`, p);
  const byRole = new Map<string, PluginDescriptor[]>();
  for (const p of last.values()) {
    if (!byRole.has(p.role)) byRole.set(p.role, []);
    byRole.get(p.role)!.push(p);
  }
  return byRole;
}
