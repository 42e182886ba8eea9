import { TextDecoder } from 'node:util';

/**
 * Decodes bytes as UTF-8, or as UTF-16 when the input starts with a UTF-16 byte-order mark (`FF FE`
 * little-endian, `FE FF` big-endian), as Windows tools often write text. Any byte-order mark is dropped.
 * Chunks may split characters anywhere; call {@link decode} with `stream: false` (or `end`) last.
 */
export class TextDecoderByBom {
  private decoder: TextDecoder | undefined;
  private head: Uint8Array | undefined;

  decode(bytes: Uint8Array): string {
    if (this.decoder === undefined) {
      const all = this.head === undefined ? bytes : concat(this.head, bytes);
      // One byte cannot tell a UTF-16 mark from UTF-8 yet: wait for the next.
      if (all.length < 2 && (all[0] === 0xff || all[0] === 0xfe)) {
        // A copy: the caller may reuse its buffer for the next read.
        this.head = all.slice();
        return '';
      }
      this.head = undefined;
      this.decoder = new TextDecoder(
        all[0] === 0xff && all[1] === 0xfe
          ? 'utf-16le'
          : all[0] === 0xfe && all[1] === 0xff
            ? 'utf-16be'
            : 'utf-8',
      );
      return this.decoder.decode(all, { stream: true });
    }
    return this.decoder.decode(bytes, { stream: true });
  }

  /** The rest of a character split at the very end. */
  end(): string {
    if (this.decoder === undefined)
      return this.head === undefined ? '' : new TextDecoder('utf-8').decode(this.head);
    return this.decoder.decode();
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
