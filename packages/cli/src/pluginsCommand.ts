import { listPlugins } from '@rivulet/core';
import { describePlugin, pluginsByRole } from './describePlugins.js';
import { loadPlugins } from './loadPlugins.js';
import type { CommandLine } from './parseCommandLine.js';
import type { CommandIO } from './topicsCommand.js';

/**
 * `rivulet plugins [--plugin MODULE…] [--json]`: every registered plugin — the built-ins and those of each
 * `--plugin` — by role, with its description, options (type, default, one line each) and capabilities,
 * all read from the descriptors.
 */
export async function pluginsCommand(line: CommandLine, io: CommandIO): Promise<void> {
  const plugin = line.values.plugin;
  const { container } = await loadPlugins(Array.isArray(plugin) ? plugin : []);
  const byRole = pluginsByRole(listPlugins(container));
  if (line.values.json === true) {
    const json = [...byRole.values()].flat().map((p) => ({
      role: p.role,
      name: p.name,
      description: p.description,
      options: p.options ?? {},
      capabilities: {
        trainingLoop: p.capabilities?.trainingLoop === true,
        transform: typeof p.capabilities?.transform === 'function' && p.capabilities?.state !== undefined,
        worker: p.capabilities?.worker !== undefined,
      },
    }));
    io.stdout.write(`${JSON.stringify(json)}\n`);
    return;
  }
  const sections: string[] = [];
  for (const [role, plugins] of byRole) {
    sections.push(`${role}\n${plugins.map((p) => describePlugin(p)).join('\n')}`);
  }
  io.stdout.write(`${sections.join('\n\n')}\n`);
}
