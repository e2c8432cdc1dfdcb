/** Vite's `?url` imports: the address of a bundled asset (the pdf.js worker). */
declare module '*?url' {
  const url: string;
  export default url;
}
