// The site model's public face: build it from a log, pack it to files, read it back.
export type { SiteModel, SiteModelManifest, ItemMeta, ItemMetaColumns, SitePopularity, ArraySpec, ModelEntry } from '../../scoring/siteModel/format.ts';
export { SITE_MODEL_FORMAT, SITE_MODEL_FORMAT_VERSION, itemMetaAt, itemMetaColumns, checksumOf } from '../../scoring/siteModel/format.ts';
export { parseSiteModel } from '../../scoring/siteModel/parse.ts';
export { serializeSiteModel, packSiteModel, type SiteModelParts } from './serialize.ts';
export { buildSiteModel, blendScores, type BuildOptions, type BuildSummary, type BuildProgress } from './build.ts';
export { InteractionLog, canonicalEvent, type LogRow } from '../ingest/log.ts';
export { detectLayout, rowReader, splitCsvLine, parseTime, type LogLayout, type SkipReason } from '../ingest/logFormat.ts';
export { createLogParser, type LogParser, type ParsedLog, type Skipped } from '../ingest/logParser.ts';
