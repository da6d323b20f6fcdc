/** What a `kernel-opt` action returns: the text for stdout and `data: { exitCode, stderr? }` (0 done, 1 error, 2 usage). */
import type { SkillResult } from '../../../kernel/contracts/index.js';

export interface CommandData { exitCode: 0 | 1 | 2; stderr?: string; [key: string]: unknown }
export type CommandResult = SkillResult & { data: CommandData };
