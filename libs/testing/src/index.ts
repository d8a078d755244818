export { MemoryObjectStore, storeOperations } from './memoryObjectStore.ts';
export type {
  FailOnOptions,
  MemoryObjectStoreOptions,
  StoreCall,
  StoreInterceptor,
  StoreOperation,
  StoredObject,
} from './memoryObjectStore.ts';
export { buildZip, contentOf } from './buildZip.ts';
export type { ArchiveSpec, EntrySpec } from './buildZip.ts';
