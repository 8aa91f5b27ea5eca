/**
 * Reading formatted reports back in tests: the text a markdown renderer shows, and the data the
 * HTML page renders.
 */

/** Markdown source with numeric character references decoded (what a renderer shows). */
export function decodeReferences(md: string): string {
  return md.replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)));
}

/** What the HTML page's script renders: resources as `[address, status, ...]` rows. */
export interface HtmlPageData {
  types: string[];
  providers: string[];
  resources: [string, number, number, number, string | null, unknown][];
  unmanaged: string[][];
}

/** The JSON data block of an HTML report, parsed. */
export function htmlData(html: string): HtmlPageData {
  const block = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html);
  if (block === null) throw new Error('no report-data block in the page');
  return JSON.parse(block[1]!) as HtmlPageData;
}
