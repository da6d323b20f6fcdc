export { scanPackage, formatReport, type Finding, type ScanReport } from './scanner.js';
export { RULES, type Rule, type Severity } from './rules.js';
