/** A response a page's own script received (a HAR entry, or the renderer's recording of it). */
export interface CapturedResponse {
  url: string;
  status: number;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string>>;
  body: string;
}
