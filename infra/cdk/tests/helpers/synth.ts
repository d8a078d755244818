import { BootstraplessSynthesizer } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildChunklineApp } from '../../src/chunklineApp.ts';

/** The two synthesized templates of one Chunkline app. */
export interface SynthesizedChunkline {
  readonly storage: Template;
  readonly compute: Template;
}

const cache = new Map<string, SynthesizedChunkline>();

/** Synthesizes the app with this context (once per distinct context) and returns its templates. */
export function synthesize(context: Readonly<Record<string, unknown>> = {}): SynthesizedChunkline {
  const key = JSON.stringify(context);
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const built = buildChunklineApp({ app: { context: { ...context } } });
  if (built.compute === undefined) throw new Error('the app has no compute stack');
  const result = {
    storage: Template.fromStack(built.storage),
    compute: Template.fromStack(built.compute),
  };
  cache.set(key, result);
  return result;
}

/** The storage stack alone, as deployed into LocalStack: no bootstrap version parameter or rule. */
export function storageTemplateForLocalStack(
  context: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const built = buildChunklineApp({
    app: { context: { ...context } },
    storageOnly: true,
    synthesizer: new BootstraplessSynthesizer(),
  });
  return Template.fromStack(built.storage).toJSON();
}

/** One statement of an IAM policy document, as it appears in a template. */
export interface TemplateStatement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource?: unknown;
  readonly Condition?: unknown;
  readonly Principal?: unknown;
}

/** Every statement of every policy document in `template` (inline policies, role trust and queue policies). */
export function allStatements(
  template: Template,
): { where: string; statement: TemplateStatement }[] {
  const found: { where: string; statement: TemplateStatement }[] = [];
  const visit = (where: string, node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(`${where}[${i}]`, item));
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (Array.isArray(record['Statement'])) {
      for (const statement of record['Statement'] as TemplateStatement[])
        found.push({ where, statement });
      return;
    }
    for (const [key, value] of Object.entries(record)) visit(`${where}.${key}`, value);
  };
  visit('Resources', template.toJSON()['Resources']);
  return found;
}

/** A statement's actions as a list. */
export function actionsOf(statement: TemplateStatement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}
