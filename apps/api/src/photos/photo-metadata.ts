/*
 * A photo's metadata is not the case's business: a phone camera writes the place (GPS), the time, the device and
 * sometimes the owner's name into EXIF and XMP. These functions return the image without them (the pixels and the
 * colour profile stay). Pure functions over the bytes; anything they cannot walk is refused by the caller.
 */

/** JPEG APPn segments kept: JFIF (APP0), the ICC profile (APP2) and Adobe's colour transform (APP14). */
const JPEG_KEPT_APP = new Set([0xe0, 0xe2, 0xee]);

function stripJpeg(bytes: Buffer): Buffer | undefined {
  const parts: Buffer[] = [bytes.subarray(0, 2)];
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (marker === 0xd9 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      parts.push(bytes.subarray(offset, offset + 2));
      offset += 2;
      continue;
    }
    const length = bytes.readUInt16BE(offset + 2);
    if (length < 2 || offset + 2 + length > bytes.length) return undefined;
    if (marker === 0xda) {
      // Start of scan: the entropy-coded data and everything after it are the image.
      parts.push(bytes.subarray(offset));
      return Buffer.concat(parts);
    }
    const isApp = marker >= 0xe1 && marker <= 0xef;
    const drop = (isApp && !JPEG_KEPT_APP.has(marker)) || marker === 0xfe; // APP1 (EXIF, XMP), APP13 (IPTC), COM
    if (!drop) parts.push(bytes.subarray(offset, offset + 2 + length));
    offset += 2 + length;
  }
  return undefined;
}

/** PNG chunks dropped: EXIF, text (tEXt, iTXt, zTXt) and the modification time. */
const PNG_DROPPED = new Set(['eXIf', 'tEXt', 'iTXt', 'zTXt', 'tIME']);

function stripPng(bytes: Buffer): Buffer | undefined {
  const parts: Buffer[] = [bytes.subarray(0, 8)];
  let offset = 8;
  while (offset + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.subarray(offset + 4, offset + 8).toString('latin1');
    const end = offset + 12 + length;
    if (end > bytes.length) return undefined;
    if (!PNG_DROPPED.has(type)) parts.push(bytes.subarray(offset, end));
    offset = end;
    if (type === 'IEND') return Buffer.concat(parts);
  }
  return undefined;
}

function stripWebp(bytes: Buffer): Buffer | undefined {
  const chunks: Buffer[] = [];
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const type = bytes.subarray(offset, offset + 4).toString('latin1');
    const size = bytes.readUInt32LE(offset + 4);
    const end = offset + 8 + size + (size % 2);
    if (offset + 8 + size > bytes.length) return undefined;
    if (type !== 'EXIF' && type !== 'XMP ') {
      const chunk = Buffer.from(bytes.subarray(offset, Math.min(end, bytes.length)));
      // VP8X announces EXIF (bit 3) and XMP (bit 2) in its flags: they are gone.
      if (type === 'VP8X' && chunk.length > 8) chunk[8] = chunk[8]! & ~0x0c;
      chunks.push(chunk);
    }
    offset = end;
  }
  if (chunks.length === 0) return undefined;
  const body = Buffer.concat(chunks);
  const header = Buffer.alloc(12);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(body.length + 4, 4);
  header.write('WEBP', 8, 'latin1');
  return Buffer.concat([header, body]);
}

/** The image without its EXIF, XMP, IPTC, comments and text chunks; undefined when its structure cannot be walked. */
export function stripPhotoMetadata(extension: string, bytes: Buffer): Buffer | undefined {
  switch (extension) {
    case 'jpg':
      return stripJpeg(bytes);
    case 'png':
      return stripPng(bytes);
    case 'webp':
      return stripWebp(bytes);
    default:
      return undefined;
  }
}
