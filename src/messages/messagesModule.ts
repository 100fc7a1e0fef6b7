// The shape of the language chunk (src/messages/languages.ts, dist/clientele-messages.js) as the worker
// sees it once loaded, and the global the IIFE chunk assigns itself to. Pure.
import type { Catalogue } from './types.ts';

export interface MessagesModule {
  LANGUAGE_CATALOGUES: Readonly<Record<string, Catalogue>>;
}

export const MESSAGES_GLOBAL = '__clienteleMessages';
