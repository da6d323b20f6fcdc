/**
 * A file of AgentOS as a program outside it sees the file. In the packaged desktop app the code
 * lives in an archive (resources/app.asar) that only Electron can read: a module's own path
 * (`import.meta.url`) points into it even for files electron-builder unpacked beside it
 * (app.asar.unpacked, electron-builder.yml `asarUnpack`: the built-in skills, every *.node). A
 * compiler, Python or the sandbox's Node given such a path finds nothing, so a file handed to a
 * program goes through here. Outside the packaged app (the CLI, tests, development) paths are
 * returned as they are. A pure mapping: the unpacking is checked by tests/packaging.
 */
const ARCHIVE = /([\\/])app\.asar([\\/])/;

export function pathForPrograms(file: string): string {
  return file.replace(ARCHIVE, '$1app.asar.unpacked$2');
}
