/**
 * The skill SDK: small, dependency-free helpers a skill may import besides kernel/contracts
 * (reading numbers and lengths of time in words, seeded random numbers). Nothing here touches
 * the file system, processes or the network.
 */
export { NUMBER_WORDS, findNumbers, numberToWords, ordinalToWords, parseNumber, parseOrdinal, wordsToDigits, type NumberMatch } from './number-words.js';
export { findDurations, parseDuration, type DurationMatch } from './duration.js';
export { rng } from './random.js';
