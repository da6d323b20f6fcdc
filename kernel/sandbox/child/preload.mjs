// @ts-check
/**
 * The child program's guards for programs that are not the runner (MCP servers): loaded with
 * `node --import` before the server's own code, so the same process internals are removed and
 * the network guarded as in a skill process. Violations go to stderr as the runner's channel
 * messages would (one JSON line each), where the kernel reads them into the audit log.
 * AGENTOS_SANDBOX_NET says whether the process has its own network namespace ('netns').
 */
import { channelReporter, guard } from './guards.mjs';

const netEnforced = process.env.AGENTOS_SANDBOX_NET === 'netns';
delete process.env.AGENTOS_SANDBOX_NET;
guard({ report: channelReporter(/** @type {import('node:net').Socket} */ (/** @type {unknown} */ (process.stderr))), netEnforced });
