// The byte pipe's batch format, both directions (src/sync/bridge.rs `pack`/`unpack`): each frame
// is a y-protocols message prefixed by its length as a u32, little-endian.

/** Packs frames into one batch. */
export function pack(frames: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const f of frames) size += 4 + f.length;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const f of frames) {
    view.setUint32(at, f.length, true);
    out.set(f, at + 4);
    at += 4 + f.length;
  }
  return out;
}

/** Splits a batch into its frames; throws on a truncated batch. */
export function unpack(batch: Uint8Array): Uint8Array[] {
  const frames: Uint8Array[] = [];
  const view = new DataView(batch.buffer, batch.byteOffset, batch.byteLength);
  let at = 0;
  while (at < batch.length) {
    if (at + 4 > batch.length) throw new Error("a batch ends inside a frame length");
    const len = view.getUint32(at, true);
    if (at + 4 + len > batch.length) throw new Error("a batch ends inside a frame");
    frames.push(batch.subarray(at + 4, at + 4 + len));
    at += 4 + len;
  }
  return frames;
}
