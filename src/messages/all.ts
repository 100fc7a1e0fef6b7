// Every catalogue whole, English included: what tests check complete, and Node callers may word with.
import { enReasons, enUi } from './en.ts';
import { LANGUAGE_CATALOGUES } from './languages.ts';
import type { Catalogue } from './types.ts';

export const ALL_CATALOGUES: Readonly<Record<string, Catalogue>> = { en: { ...enUi, ...enReasons }, ...LANGUAGE_CATALOGUES };
