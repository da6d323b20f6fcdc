export { Log, LOG_LEVELS, logFile, type LogLevel, type LogOptions } from './log.js';
