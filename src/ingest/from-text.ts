// Plain text and Markdown: strict UTF-8 decoding (a BOM is dropped); anything else is refused, not guessed.
export async function fromText(
  _path: string,
  bytes: Uint8Array,
): Promise<{ text: string } | { error: string; rule: string }> {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return { error: 'text is not valid UTF-8', rule: 'ingest/encoding' };
  }
}
