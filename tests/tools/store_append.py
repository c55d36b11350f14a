#!/usr/bin/env python3
"""Appends one Yjs update (v1, read from stdin) to a document's log in a Caucus data directory's store.

For the end-to-end tests of content this version of Caucus does not check or show: what a newer
Caucus (a newer schema), or a peer before the structure checks existed, could have left in a
device's store. Every endpoint of this version refuses such content from peers (policy), so the
tests put it where a device finds it at open: a row of the store, with the checksum the store
verifies (the first 8 bytes of SHA-256, little-endian, signed). The data directory must not be
open in another process (caucus.lock).

Usage: store_append.py DATA_DIR WORKSHOP_ID DOC < update.bin
"""
import hashlib
import sqlite3
import struct
import sys


def main() -> int:
    data_dir, workshop, doc = sys.argv[1:4]
    data = sys.stdin.buffer.read()
    if not data:
        print("store_append: no update on stdin", file=sys.stderr)
        return 2
    checksum = struct.unpack("<q", hashlib.sha256(data).digest()[:8])[0]
    con = sqlite3.connect(f"{data_dir}/caucus.sqlite3")
    row = con.execute("SELECT id FROM rooms WHERE workshop_id = ? AND doc = ?", (workshop, doc)).fetchone()
    if row is None:
        print(f"store_append: no room {workshop}/{doc} in {data_dir}", file=sys.stderr)
        return 2
    con.execute("INSERT INTO updates (room, snapshot, data, checksum) VALUES (?, 0, ?, ?)", (row[0], data, checksum))
    con.commit()
    con.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
