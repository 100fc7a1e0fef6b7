// Runs axe-core (the well-kept accessibility engine) in the page: every rule axe runs by default (WCAG 2.x
// A and AA plus best practices) and its experimental ones, open shadow roots included, so the widgets are
// checked with the page.
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation { id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[]; failureSummary?: string }> }

/** The violations axe finds in the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }>; getRules(tags: string[]): Array<{ ruleId: string }> } }).axe;
    // Experimental rules too: label-content-name-mismatch (a link whose visible text is not in its name) is one.
    const rules = Object.fromEntries(axe.getRules(['experimental']).map((r) => [r.ruleId, { enabled: true }]));
    const r = await axe.run(document, { resultTypes: ['violations'], rules });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
}

/** One line per violation and node, for a readable failure. */
export const describeViolations = (vs: AxeViolation[]) => vs.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(n.target)}`)).join('\n');
