// CSV drops as an export source: one inspection pass (header, encoding, record count) and a reader that resumes
// at a byte offset. Declared rows = the records this same reader finds, so exported rows always equal declared.
import type { ColumnMapping } from '../../domain/column-mapping';
import type { S3 } from '../deps';
import { heartbeatDetails } from '../keep-alive';
import { CanonicalRowPlan } from './canonical-row';
import type { CsvCursor } from './export-contract';
import { bomLength, decoderFor, isUtf16, Utf8Validator, type CsvEncoding, type FieldDecoder } from './csv-encoding';
import { csvByteSource, type ByteSource } from './csv-byte-source';
import { CsvRecordReader, type ByteStreamOpener, type CsvRecord } from './csv-record-reader';
import { exportFailure, schemaError } from './source-failure';
import type { InspectedSource, SourceReader } from './source-reader';
import type { SourceSpec } from './source-spec';

const MAX_COLUMNS = 4096;
const HEARTBEAT_EVERY_BYTES = 64 * 1024 * 1024;

/** Stored as source_files.snapshot_marker: everything a chunk needs to read exactly what inspect saw. */
export interface CsvMarker {
  encoding: CsvEncoding;
  /** Length of the UTF-8 BOM skipped before the header (0 or 3). */
  bom: number;
  /** Byte offset of the first data record. */
  dataStart: number;
  /** Header field count: every data record must have exactly this many. */
  fields: number;
  size: number;
  version: string;
}

async function readHead(bytes: ByteSource): Promise<Buffer> {
  for await (const chunk of bytes.open(0)) return chunk.subarray(0, 4);
  return Buffer.alloc(0);
}

function fieldText(rec: Pick<CsvRecord, 'buf' | 'base' | 'spans'>, i: number, decode: FieldDecoder): string {
  const s = rec.spans[3 * i]! - rec.base;
  const text = decode(rec.buf, s, rec.spans[3 * i + 1]! - rec.base);
  return rec.spans[3 * i + 2] === 1 ? text.replaceAll('""', '"') : text;
}

async function readHeader(spec: SourceSpec, reader: CsvRecordReader, decode: FieldDecoder | null): Promise<{ raw: Buffer[]; escaped: boolean[]; columns: string[] }> {
  const rec = await reader.next();
  if (!rec) throw schemaError(spec.name, 'has no header line (the file is empty)');
  if (rec.kind === 'reject') throw schemaError(spec.name, `header line is malformed: ${rec.detail}`, { code: rec.code });
  if (rec.fieldCount > MAX_COLUMNS) throw schemaError(spec.name, `header has ${rec.fieldCount} columns, more than the ${MAX_COLUMNS} supported`);
  const raw: Buffer[] = [];
  const escaped: boolean[] = [];
  for (let i = 0; i < rec.fieldCount; i++) {
    raw.push(Buffer.from(rec.buf.subarray(rec.spans[3 * i]! - rec.base, rec.spans[3 * i + 1]! - rec.base)));
    escaped.push(rec.spans[3 * i + 2] === 1);
  }
  const columns = decode ? raw.map((_, i) => fieldText(rec, i, decode)) : [];
  return { raw, escaped, columns };
}

/** One pass over the whole file: UTF-8 validity (→ encoding), header, and the number of data records. */
export async function inspectCsv(spec: SourceSpec, s3: S3): Promise<InspectedSource> {
  const bytes = csvByteSource(spec, s3);
  const version = await bytes.stat();
  const head = await readHead(bytes);
  if (isUtf16(head)) throw schemaError(spec.name, 'is UTF-16 encoded; convert it to UTF-8 or Latin-1 first');
  const bom = bomLength(head);
  const validator = new Utf8Validator();
  validator.feed(head.subarray(0, bom));
  let fed = bom;
  const open: ByteStreamOpener = async function* (offset) {
    let at = offset;
    for await (const chunk of bytes.open(offset)) {
      const end = at + chunk.length;
      if (end > fed && at <= fed) {
        validator.feed(chunk.subarray(fed - at));
        fed = end;
      }
      at = end;
      yield chunk;
    }
  };
  const reader = new CsvRecordReader(open, bom, -1);
  let records = 0;
  let header: Awaited<ReturnType<typeof readHeader>>;
  try {
    header = await readHeader(spec, reader, null);
    reader.scanner.expected = header.raw.length;
    const dataStart = reader.offset;
    let beatAt = HEARTBEAT_EVERY_BYTES;
    while (await reader.next()) {
      records++;
      if (reader.offset >= beatAt) {
        heartbeatDetails({ phase: 'csv-scan', byteOffset: reader.offset, records });
        beatAt = reader.offset + HEARTBEAT_EVERY_BYTES;
      }
    }
    if (fed !== version.size) {
      throw exportFailure('SourceChangedError', spec.name, `changed while it was being inspected (expected ${version.size} bytes, read ${fed})`);
    }
    const encoding: CsvEncoding = validator.end() ? 'utf-8' : 'windows-1252';
    const decode = decoderFor(encoding);
    const columns = header.raw.map((b, i) => {
      const text = decode(b, 0, b.length);
      return header.escaped[i] ? text.replaceAll('""', '"') : text;
    });
    const marker: CsvMarker = { encoding, bom, dataStart, fields: columns.length, size: version.size, version: version.version };
    return { columns, declaredRows: records, marker: JSON.stringify(marker), checkMapping: () => undefined };
  } finally {
    await reader.close();
  }
}

export function parseCsvMarker(sourceName: string, json: string | null): CsvMarker {
  const m = (json ? JSON.parse(json) : null) as Partial<CsvMarker> | null;
  if (!m || (m.encoding !== 'utf-8' && m.encoding !== 'windows-1252') || typeof m.dataStart !== 'number' || typeof m.fields !== 'number'
    || typeof m.size !== 'number' || typeof m.version !== 'string' || typeof m.bom !== 'number') {
    throw exportFailure('ExportInputError', sourceName, `has no valid CSV snapshot marker (${json ?? 'null'}); run inspectSource first`);
  }
  return m as CsvMarker;
}

/** A broken record's reject row, keeping the record id when its field ended before the record broke. */
function rejectRow(plan: CanonicalRowPlan, rowNo: number, rec: Extract<CsvRecord, { kind: 'reject' }>, decode: FieldDecoder): string[] {
  const id = plan.recordIdIndex;
  const recordId = id >= 0 && id < rec.readable ? plan.readableRecordId((i) => fieldText(rec, i, decode)) : '';
  return plan.reject(rowNo, rec.code, rec.detail, recordId);
}

/** A reader positioned at `cursor` (or the first data record); fails if the file changed since inspection. */
export async function openCsvReader(spec: SourceSpec, s3: S3, marker: CsvMarker, mapping: ColumnMapping, cursor: CsvCursor | null): Promise<SourceReader> {
  const bytes = csvByteSource(spec, s3, marker.version);
  const now = await bytes.stat();
  if (now.size !== marker.size || now.version !== marker.version) {
    throw exportFailure('SourceChangedError', spec.name, `changed since it was inspected (${marker.size} bytes ${marker.version} → ${now.size} bytes ${now.version}); export it under a new migration`);
  }
  const decode = decoderFor(marker.encoding);
  const headerReader = new CsvRecordReader((o) => bytes.open(o), marker.bom, -1);
  let columns: string[];
  try {
    columns = (await readHeader(spec, headerReader, decode)).columns;
  } finally {
    await headerReader.close();
  }
  const plan = new CanonicalRowPlan(mapping, columns);
  const reader = new CsvRecordReader((o) => bytes.open(o), cursor?.byteOffset ?? marker.dataStart, marker.fields);
  let nextRowNo = cursor?.nextRowNo ?? 1;
  return {
    async readBatch(limit, emit) {
      let rows = 0;
      let exhausted = false;
      while (rows < limit) {
        const rec = await reader.next();
        if (!rec) {
          exhausted = true;
          break;
        }
        const rowNo = nextRowNo++;
        rows++;
        await emit(rec.kind === 'reject' ? rejectRow(plan, rowNo, rec, decode) : plan.build(rowNo, (i) => fieldText(rec, i, decode)));
      }
      return { rows, exhausted, cursor: { byteOffset: reader.offset, nextRowNo } };
    },
    hasMore: async () => !(await reader.atEnd()),
    close: () => reader.close(),
  };
}
