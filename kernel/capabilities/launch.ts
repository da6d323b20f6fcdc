/**
 * How a granted program is started. Built-in skills run programs directly; a community skill's
 * programs are started through its sandbox's launcher, which wraps the command in the same
 * confinement as the skill's own process (namespaces, hidden profile, CPU and memory limits).
 * The sandbox provides the launcher; the exec capability only calls it, so capabilities stay
 * below the sandbox in the kernel's layers.
 */
export interface LaunchSpec {
  /** Absolute file to run. */
  file: string;
  args: string[];
  /** The whole environment the program gets (already minimal). */
  env: Record<string, string>;
  /** Working folder. */
  cwd: string;
}

/** Turns a program start into the confined start (e.g. `bwrap … -- prlimit … file args`). */
export type Launcher = (spec: LaunchSpec) => LaunchSpec;
