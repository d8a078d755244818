export { MemoryObjectStore, storeOperations } from './memoryObjectStore.ts';
export type {
  FailOnOptions,
  MemoryObjectStoreOptions,
  StoreCall,
  StoreInterceptor,
  StoreOperation,
  StoredObject,
} from './memoryObjectStore.ts';
