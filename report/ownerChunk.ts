// Entry of dist/clientele-report.js for the owner page: the same report as `npx clientele report`, in the browser,
// on a file the owner drops or on the demo collector's log. Nothing is uploaded.
import { readEvents } from './readEvents.ts';
import { analyze, type Report } from './analyze.ts';
import { reportHtml } from './html.ts';

/**
 * Reads an event log (NDJSON or CSV text) and returns the report, its HTML page and any reading problems.
 * @example const { report, html } = await reportFromText(await file.text(), file.name);
 */
export async function reportFromText(text: string, name: string): Promise<{ report: Report | null; html: string | null; problems: string[] }> {
  const read = readEvents(text, name);
  if (!read.events.length) return { report: null, html: null, problems: read.problems.length ? read.problems : [`[clientele] ${name} has no events`] };
  const report = analyze(read.events);
  return { report, html: await reportHtml(report, name), problems: read.problems };
}
