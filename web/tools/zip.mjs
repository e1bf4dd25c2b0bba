// A .zip archive written with Node alone (no `zip` binary is guaranteed on a
// build machine): each file deflated (zlib) with its CRC-32, a local header
// before its bytes, and the central directory at the end — the subset of
// PKWARE's APPNOTE every unzip tool reads. No zip64: archives stay far below 4 GB.
import { crc32, deflateRawSync } from 'node:zlib';

// A fixed timestamp (1980-01-01 00:00, the format's epoch) so that the same files give the same bytes.
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/**
 * The fields a local header (at offset 4) and a central directory entry (at offset 6) share, in the same
 * order: version needed (2.0, deflate), flags (names are UTF-8), method (deflate), time, date, CRC-32,
 * compressed and uncompressed sizes, name length.
 */
function writeShared(header, at, { crc, compressed, size, nameLength }) {
  [20, 0x0800, 8, DOS_TIME, DOS_DATE].forEach((v, i) => header.writeUInt16LE(v, at + 2 * i));
  header.writeUInt32LE(crc, at + 10);
  header.writeUInt32LE(compressed, at + 14);
  header.writeUInt32LE(size, at + 18);
  header.writeUInt16LE(nameLength, at + 22);
}

/**
 * @param {{name: string, bytes: Uint8Array}[]} files name: a relative path with '/' separators
 * @returns {Buffer} the archive
 */
export function zipArchive(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, bytes } of files) {
    const nameBytes = Buffer.from(name, 'utf8');
    const data = deflateRawSync(bytes, { level: 9 });
    const shared = { crc: crc32(bytes), compressed: data.length, size: bytes.length, nameLength: nameBytes.length };
    const local = Buffer.alloc(30); // extra field length (28): 0
    local.writeUInt32LE(0x04034b50, 0); // local file header signature
    writeShared(local, 4, shared);
    const central = Buffer.alloc(46); // extra, comment lengths, disk number, internal attributes: 0
    central.writeUInt32LE(0x02014b50, 0); // central directory header signature
    central.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0
    writeShared(central, 6, shared);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // external attributes: a regular file, rw-r--r--
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); // end of central directory signature
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
