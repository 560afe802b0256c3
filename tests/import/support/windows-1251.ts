/**
 * Node can decode Windows-1251 (TextDecoder) but not encode it: the table is built by decoding
 * every byte once. Used to write Windows-1251 fixtures, as Excel on a Russian Windows does.
 */
const decoder = new TextDecoder('windows-1251');
const BYTE_OF = new Map<string, number>(
  Array.from({ length: 256 }, (_, byte) => [decoder.decode(Uint8Array.of(byte)), byte] as const),
);

export function encodeWindows1251(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const byte = BYTE_OF.get(text[i]!);
    if (byte === undefined) throw new Error(`"${text[i]}" has no Windows-1251 byte`);
    bytes[i] = byte;
  }
  return bytes;
}
