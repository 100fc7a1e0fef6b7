import type { SegmentsResult } from './types.ts';

/**
 * What a CRM acts on: stage, tier, cluster and audiences. Scores drift with every view, so they are left out.
 * @example segmentsSignature(seg) // '["new","new",null,["newcomers"]]'
 */
export const segmentsSignature = (s: SegmentsResult): string =>
  JSON.stringify([s.lifecycle.stage, s.rfm?.tier ?? null, s.cluster?.name ?? null, s.audiences]);
