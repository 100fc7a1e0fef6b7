// The site-model builder's public face: read a log, build the model, pack it to files.
export type { SiteModel, SiteModelHead, ItemMeta, ItemMetaColumns, SitePopularity } from '../../scoring/siteModel/format.ts';
export { SITE_MODEL_FORMAT, SITE_MODEL_FORMAT_VERSION, itemMetaAt, itemMetaColumns } from '../../scoring/siteModel/format.ts';
export { parseSiteModel, addShard, addMeta } from '../../scoring/siteModel/parse.ts';
export { packSiteModel, type SiteModelParts, type ModelFile } from './pack.ts';
export { buildSiteModel, builderRanking, SHIPPABLE_MODELS, type BuildOptions, type BuildSummary, type BuildProgress, type BuiltSiteModel } from './build.ts';
export { InteractionLog, canonicalEvent, type LogRow } from '../ingest/log.ts';
export { detectLayout, rowReader, isRetailProduct, parseTime, type LogLayout, type SkipReason } from '../ingest/logFormat.ts';
export { readLog, blobChunks, csvRecords, type ReadLog, type ReadLogOptions } from '../ingest/read.ts';
export { createLogParser, type LogParser, type LogParserOptions, type ParsedLog, type Skipped } from '../ingest/logParser.ts';
