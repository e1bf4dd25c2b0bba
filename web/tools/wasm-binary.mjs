// Reading a WebAssembly binary for the size tools (size-report.mjs, wasm-functions.mjs) and
// relaxed-madd.mjs: a cursor over its bytes that reads the format's unsigned LEB128 numbers and
// UTF-8 names.

export class WasmCursor {
  /** @param {Uint8Array} bytes the module; reading starts after the 8-byte header (magic and version) */
  constructor(bytes, at = 8) {
    this.bytes = bytes;
    this.p = at;
  }

  /** True once every byte has been read. */
  get done() {
    return this.p >= this.bytes.length;
  }

  /** One byte. */
  byte() {
    return this.bytes[this.p++];
  }

  /** An unsigned LEB128 number. */
  leb() {
    let v = 0;
    let shift = 0;
    let byte;
    do {
      byte = this.bytes[this.p++];
      v += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return v;
  }

  /** n bytes of UTF-8 text. */
  text(n) {
    const s = new TextDecoder().decode(this.bytes.subarray(this.p, this.p + n));
    this.p += n;
    return s;
  }
}
