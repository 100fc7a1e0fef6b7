import { describe, expect, it } from 'vitest';
import { addVisitor, emptyMoments, ratioEstimate, relativeLift, srmP, minimumDetectableLift } from '../../report/stats.ts';
import { readEvents } from '../../report/readEvents.ts';
import { analyze } from '../../report/analyze.ts';

describe('delta method', () => {
  it('matches a ratio metric worked by hand', () => {
    // clicks / impressions of four visitors: (1,2) (0,3) (2,4) (1,1). Means 1 and 2.5; sample variances 2/3 and 5/3,
    // covariance 1/3. Var(R) = (1/4)(0.6667/6.25 - 2(1)(0.3333)/15.625 + (1)(1.6667)/39.0625) = (1/4)(8/75) = 2/75.
    const m = emptyMoments();
    for (const [x, y] of [[1, 2], [0, 3], [2, 4], [1, 1]]) addVisitor(m, x, y);
    const r = ratioEstimate(m);
    expect(r.value).toBeCloseTo(0.4, 12);
    expect(r.variance).toBeCloseTo(2 / 75, 12);
  });

  it('is the variance of the mean for a per-visitor metric', () => {
    const m = emptyMoments();
    for (const x of [0, 1, 1, 0, 1]) addVisitor(m, x);
    const r = ratioEstimate(m);
    expect(r.value).toBeCloseTo(0.6, 12);
    expect(r.variance).toBeCloseTo(0.3 / 5, 12); // sample variance 0.3
  });

  it('relative lift of 0.12 over 0.10, each with variance 1e-4, by hand', () => {
    // se = sqrt(1e-4/0.01 + 0.0144 * 1e-4 / 1e-4) = sqrt(0.0244) = 0.156205; z(0.975) = 1.959964
    const l = relativeLift({ value: 0.12, variance: 1e-4 }, { value: 0.1, variance: 1e-4 });
    expect(l.estimate).toBeCloseTo(0.2, 12);
    expect(l.se).toBeCloseTo(0.1562050, 6);
    expect(l.ci_low).toBeCloseTo(0.2 - 1.959964 * 0.156205, 5);
    expect(l.ci_high).toBeCloseTo(0.2 + 1.959964 * 0.156205, 5);
    expect(l.p).toBeCloseTo(0.2004, 3);
  });

  it('chi-square sample-ratio check', () => {
    const r = srmP([5000, 5100], [0.5, 0.5]);
    expect(r.chi2).toBeCloseTo(0.990099, 5);
    expect(r.p).toBeCloseTo(0.3197, 3);
    expect(srmP([900, 100], [0.9, 0.1]).p).toBeCloseTo(1, 6);
    expect(srmP([500, 500], [0.9, 0.1]).p).toBeLessThan(1e-6);
    expect(minimumDetectableLift(0.1, 2500)).toBeCloseTo(0.2376, 3);
  });
});

const line = (event: string, anon: string, at: string, properties: Record<string, unknown> = {}) => JSON.stringify({ type: 'track', event, anonymous_id: anon, user_id: null, timestamp: at, properties });

describe('reading and analyzing a log', () => {
  const lines: string[] = [];
  // 300 visitors per arm; the personalized arm converts 20%, the holdout 10%, orders of 10
  for (let i = 0; i < 600; i++) {
    const arm = i % 2 ? 'personalized' : 'holdout';
    const anon = `a${i}`;
    lines.push(line('Experiment Viewed', anon, '2024-05-01T10:00:00Z', { experiment_id: 'holdout', experiment_name: 'Holdout', variation_id: arm, variation_name: arm, variation_share: 0.5, rfm_tier: i % 3 ? 'loyal' : 'new' }));
    lines.push(line('Widget Impression', anon, '2024-05-01T10:00:01Z', { widget_id: 'home', widget_type: 'for-you', product_id: 'A' }));
    const k = Math.floor(i / 2);
    const converts = arm === 'personalized' ? k % 5 === 0 : k % 10 === 0;
    if (converts) lines.push(line('Order Completed', anon, '2024-05-02T10:00:00Z', { order_id: `o${i}`, total: 10 }));
  }
  // before exposure: does not count
  lines.push(line('Order Completed', 'a1', '2024-04-01T10:00:00Z', { total: 999 }));

  it('reads NDJSON and CSV alike', () => {
    const nd = readEvents(lines.join('\n') + '\nnot json\n');
    expect(nd.events).toHaveLength(lines.length);
    expect(nd.problems[0]).toMatch(/line \d+ is not valid JSON/);
    const csv = readEvents('event,anonymous_id,timestamp,experiment_id,variation_id,attribution.last_touch.widget_id\nExperiment Viewed,a,2024-05-01T10:00:00Z,holdout,holdout,\nOrder Completed,a,1714557600,,,"home"\n');
    expect(csv.events.map((e) => e.event)).toEqual(['Experiment Viewed', 'Order Completed']);
    expect(csv.events[0].properties).toEqual({ experiment_id: 'holdout', variation_id: 'holdout' });
    expect(csv.events[1].timestamp).toBe(1714557600_000);
    expect(readEvents('a,b\n1,2\n').problems[0]).toMatch(/event, timestamp and anonymous_id or user_id/);
    // a batch sent twice (at-least-once forwarding) counts once
    const twice = '{"event":"Order Completed","message_id":"m1","anonymous_id":"a","timestamp":1,"properties":{}}\n';
    expect(readEvents(twice + twice).events).toHaveLength(1);
  });

  it('gives visitors, rates and a lift from exposure on', () => {
    const r = analyze(readEvents(lines.join('\n')).events);
    const x = r.experiments[0];
    expect(x.baseline).toBe('holdout');
    expect(x.variants.map((v) => [v.id, v.visitors, v.conversion, v.revenue_per_visitor, v.ctr])).toEqual([['holdout', 300, 0.1, 1, 0], ['personalized', 300, 0.2, 2, 0]]);
    const conv = x.lift.find((l) => l.metric === 'conversion')!;
    expect(conv.estimate).toBeCloseTo(1, 10);
    expect(conv.ci_low).toBeGreaterThan(0);
    expect(x.srm_p).toBeCloseTo(1, 10);
    expect(x.segments.rfm_tier.map((s) => s.value)).toEqual(['loyal', 'new']);
    expect(x.warnings).toEqual([]);
    // a tenth of the visitors: too few to conclude, and the report says so
    const few = analyze(readEvents(lines.filter((l) => Number(/"a(\d+)"/.exec(l)![1]) < 60).join('\n')).events).experiments[0];
    expect(few.warnings.some((w) => /Too early to conclude/.test(w))).toBe(true);
    expect(x.daily.at(-1)).toMatchObject({ variant: 'personalized', conversion: 0.2 });
  });

  it('flags a sample ratio mismatch', () => {
    // drop the personalized arm's exposures for a third of its visitors: what a broken tag in one arm looks like
    const skewed = lines.filter((l) => !(l.includes('"personalized"') && Number(/"a(\d+)"/.exec(l)![1]) % 3 === 0));
    const r = analyze(readEvents(skewed.join('\n')).events);
    expect(r.experiments[0].srm_p).toBeLessThan(0.01);
    expect(r.experiments[0].warnings.some((w) => /Sample ratio mismatch/.test(w))).toBe(true);
  });
});

describe('the HTML report', () => {
  it('is one self-contained page with accessible SVG charts and the numbers in tables', async () => {
    const { reportHtml } = await import('../../report/html.ts');
    const lines: string[] = [];
    for (let i = 0; i < 400; i++) {
      const arm = i % 2 ? 'personalized' : 'holdout';
      lines.push(JSON.stringify({ event: 'Experiment Viewed', anonymous_id: `a${i}`, timestamp: `2024-05-0${1 + (i % 5)}T10:00:00Z`, properties: { experiment_id: 'holdout', experiment_name: 'Personalization holdout', variation_id: arm, variation_name: arm, variation_share: 0.5, rfm_tier: i % 3 ? 'loyal' : 'new', lifecycle_stage: 'active' } }));
      if (i % (arm === 'holdout' ? 10 : 5) === 1 || i % 10 === 0) lines.push(JSON.stringify({ event: 'Order Completed', anonymous_id: `a${i}`, timestamp: '2024-05-07T10:00:00Z', properties: { total: 12 } }));
    }
    const html = await reportHtml(analyze(readEvents(lines.join('\n')).events), 'test.ndjson');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<link |src="http/);
    const svgs = html.match(/<svg role="img"[^>]*>/g) ?? [];
    expect(svgs.length).toBeGreaterThanOrEqual(4); // lift, over time, two segment dimensions
    expect(html).toContain('aria-label="Lift against holdout with 95% intervals.');
    expect((html.match(/<table>/g) ?? []).length).toBeGreaterThanOrEqual(4);
    expect(html).toContain('Personalization holdout');
  });
});
