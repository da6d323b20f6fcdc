// Vite's `?url` imports: the module's default export is the URL of the emitted (hashed) file.
declare module '*?url' {
  const url: string;
  export default url;
}
