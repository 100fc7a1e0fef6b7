// The storage layer's public face, and the only place the engine imports storage from. Everything not exported
// here is internal. IndexedDB (through idb) is used nowhere else in the project.
export { openStore, catalogFromItems, ERASED_AT, wroteAt, type Store, type StoreOptions, type EventQuery, type RetentionPolicy } from './store.ts';
export { createMemoryStore } from './memory.ts';
export { StorageFailure, type StorageFailureCode } from './connection.ts';
export { catalogFromEvents, mergeCatalogItem, toCatalogItem } from './catalog.ts';
export { sessionize, type Sessionized } from './sessions.ts';
export { DB_VERSION, MIGRATIONS, dbName, type ClienteleDB, type Profile, type SessionState, type ModelRecord } from './schema.ts';
export type { ProfilePatch } from './profile.ts';
