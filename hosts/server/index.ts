/** Browser mode's server: the kernel and the portal on 127.0.0.1, guarded by a per-launch token. */
export { startServer, type ServeOptions, type RunningServer } from './server.js';
export { buildCsp, securityHeaders, type CspOptions } from './csp.js';
export { checkRequest, newToken, allowedHosts, TOKEN_COOKIE } from './guard.js';
export { StaticFiles, type StaticFile } from './static-files.js';
