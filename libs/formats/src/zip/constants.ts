/** Signature of the end of central directory record, `PK\x05\x06`. */
export const EOCD_SIGNATURE = 0x06054b50;
/** Fixed size of the end of central directory record, before its comment. */
export const EOCD_SIZE = 22;
/** Longest archive comment: the comment length is a 16-bit field. */
export const MAX_COMMENT_LENGTH = 0xffff;

/** Signature of the ZIP64 end of central directory locator, `PK\x06\x07`. */
export const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
/** Size of the ZIP64 end of central directory locator, which sits right before the EOCD. */
export const ZIP64_LOCATOR_SIZE = 20;
/** Signature of the ZIP64 end of central directory record, `PK\x06\x06`. */
export const ZIP64_EOCD_SIGNATURE = 0x06064b50;
/** Fixed size of the ZIP64 end of central directory record (its extensible data follows). */
export const ZIP64_EOCD_SIZE = 56;

/** Signature of a central directory file header, `PK\x01\x02`. */
export const CENTRAL_HEADER_SIGNATURE = 0x02014b50;
/** Fixed size of a central directory file header, before name, extra field and comment. */
export const CENTRAL_HEADER_SIZE = 46;

/** Signature of a local file header, `PK\x03\x04`. */
export const LOCAL_HEADER_SIGNATURE = 0x04034b50;

/**
 * Bytes to read at an entry's `localHeaderOffset` to learn its local header's length with
 * `localHeaderLength`: the fixed 30-byte part of the local file header.
 */
export const ZIP_LOCAL_HEADER_SIZE = 30;

/** Extra field tag of the ZIP64 extended information (64-bit sizes and offset). */
export const ZIP64_EXTRA_TAG = 0x0001;
/** Extra field tag of the Info-ZIP Unicode Path (a UTF-8 name for a CP437-named entry). */
export const UNICODE_PATH_EXTRA_TAG = 0x7075;

/** A 16-bit field at this value means "see the ZIP64 record". */
export const ZIP64_MARKER_16 = 0xffff;
/** A 32-bit field at this value means "see the ZIP64 record or extra field". */
export const ZIP64_MARKER_32 = 0xffffffff;

/** General purpose flag bit 0: the entry is encrypted. */
export const FLAG_ENCRYPTED = 0x0001;
/** General purpose flag bit 3: CRC and sizes follow the data in a data descriptor. */
export const FLAG_DATA_DESCRIPTOR = 0x0008;
/** General purpose flag bit 11: name and comment are UTF-8 (otherwise CP437). */
export const FLAG_UTF8 = 0x0800;

/** Compression method 0: the data is stored as is. */
export const METHOD_STORED = 0;
/** Compression method 8: raw deflate (RFC 1951). */
export const METHOD_DEFLATED = 8;

/** Common names of the compression methods of the ZIP specification (APPNOTE 4.4.5). */
export const COMPRESSION_METHOD_NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'stored'],
  [1, 'shrink'],
  [2, 'reduce'],
  [3, 'reduce'],
  [4, 'reduce'],
  [5, 'reduce'],
  [6, 'implode'],
  [8, 'deflate'],
  [9, 'deflate64'],
  [10, 'PKWARE DCL implode'],
  [12, 'bzip2'],
  [14, 'LZMA'],
  [16, 'IBM z/OS CMPSC'],
  [18, 'IBM TERSE'],
  [19, 'IBM LZ77 z'],
  [20, 'zstd (deprecated id)'],
  [93, 'zstd'],
  [94, 'MP3'],
  [95, 'xz'],
  [96, 'JPEG'],
  [97, 'WavPack'],
  [98, 'PPMd'],
  [99, 'AES encryption'],
]);

/**
 * Most bytes read from the end of an archive to find its end of central directory record:
 * the record (22 bytes) plus the longest comment (65,535 bytes).
 */
export const ZIP_TAIL_SIZE = EOCD_SIZE + MAX_COMMENT_LENGTH;

/** Default largest range `readZipDirectory` asks for at once: 8 MiB. */
export const DEFAULT_ZIP_DIRECTORY_READ_SIZE = 8 * 1024 * 1024;
