import { VARIABLES } from './variables.ts';

/** The README's configuration table, generated from `VARIABLES` so the two never drift. */
export function configTable(): string {
  const cell = (text: string): string => text.replace(/\|/g, '\\|');
  const rows = VARIABLES.map((v) => {
    const fallback =
      'defaultValue' in v
        ? `\`${v.defaultValue}\``
        : 'required' in v && v.required
          ? '**required**'
          : '—';
    return `| \`${v.name}\` | ${v.services.join(', ')} | ${cell(fallback)} | ${cell(v.allowed)} | ${cell(v.description)} |`;
  });
  return [
    '| variable | read by | default | allowed | what it does |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
