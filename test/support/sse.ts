/** A client of a server-sent event stream for tests: reads until the text so far matches (or 5 s pass). */
export async function openEventStream(
  url: string,
  headers: Record<string, string> = {},
): Promise<{
  readonly status: number;
  readonly contentType: string | null;
  readUntil(needle: RegExp): Promise<boolean>;
  text(): string;
  close(): void;
}> {
  const abort = new AbortController();
  const response = await fetch(url, { signal: abort.signal, headers });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    async readUntil(needle: RegExp) {
      const deadline = Date.now() + 5000;
      while (!needle.test(text) && Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
      return needle.test(text);
    },
    text: () => text,
    close: () => abort.abort(),
  };
}
