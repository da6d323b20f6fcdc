export { openDatabase, ensureSchema, CorruptDatabaseError, DATABASE_FILE, type Db } from './database.js';
export { explainStorage, ProfileStorageError, storageProblem, type StorageProblem } from './storage-errors.js';
