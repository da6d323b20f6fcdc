/**
 * The skill SDK: small, dependency-free helpers a skill may import besides kernel/contracts
 * (reading numbers, lengths of time and arithmetic in words, seeded random numbers, saying times in
 * the user's locale and clock), and loading an
 * optional package with a message that says how to install it. Nothing here touches the file system,
 * processes or the network.
 */
export { NUMBER_WORDS, findNumbers, numberToWords, ordinalToWords, parseNumber, parseOrdinal, wordsToDigits, type NumberMatch } from './number-words.js';
export { findDurations, parseDuration, type DurationMatch } from './duration.js';
export { findArithmetic, parseArithmetic, type Arithmetic } from './arithmetic.js';
export { rng } from './random.js';
export { hasControlText, safeText, type SafeTextOptions } from './untrusted-text.js';
export { globRegExp } from './glob.js';
export { describeDue, environmentLocale, formatClock, formatDateTime, formatDay, formatDuration, formatRelative, resolveTime, setTimePreferences, spokenDuration, timePreferences, type TimeFormat, type TimeOptions, type TimePreferences } from './time-format.js';
export { spokenReply } from './spoken-reply.js';
export { hasPackage, importOptional, OptionalPackageError } from './optional.js';
export { pathForPrograms } from './archive-path.js';
