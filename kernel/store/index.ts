export { openDatabase, ensureSchema, CorruptDatabaseError, DATABASE_FILE, type Db } from './database.js';
