import { decodeRecord, encodeRecordInto } from '../../src/pool/record-layout';

describe('records read in place from the event log', () => {
  const memory = new ArrayBuffer(4096);
  const bytes = Buffer.from(memory);
  const float64 = new Float64Array(memory);
  const fields = {
    flags: 3,
    pid: 4_000_000_123,
    timestamp: 1_765_000_000_123.5,
    expiresAt: -0.25,
    payload: Buffer.from([1, 2, 3, 250]),
  };

  it.each([
    [48, 'aligned to 8, as the log frames are'],
    [301, 'not aligned: read the slow way'],
  ])(
    'should read every field at %i (%s) as decodeRecord reads a copy',
    start => {
      const name = 'naïve.名前';
      const end =
        start + encodeRecordInto(bytes.subarray(start), fields, 9, name);
      const inPlace = decodeRecord(bytes, start, end, float64);
      expect(inPlace).toEqual(
        decodeRecord(Buffer.from(bytes.subarray(start, end))),
      );
      expect(inPlace).toMatchObject({ ...fields, version: 9, name });
    },
  );

  it('should refuse what is not a record, or whose name runs past its end', () => {
    const start = 1024;
    const end =
      start + encodeRecordInto(bytes.subarray(start), fields, 1, 'name');
    expect(decodeRecord(bytes, start, start + 31, float64)).toBeUndefined();
    expect(decodeRecord(bytes, start, start + 34, float64)).toBeUndefined();
    bytes[start] = 99; // another format
    expect(decodeRecord(bytes, start, end, float64)).toBeUndefined();
  });

  it.each(['ascii.name', 'naïve.名前.🙂', ''])(
    'should encode %p in place as encodeRecordInto does',
    name => {
      const expected = Buffer.alloc(200);
      const length = encodeRecordInto(expected, fields, 5, name);
      bytes.fill(0);
      expect(encodeRecordInto(bytes, fields, 5, name, float64)).toBe(length);
      expect(bytes.subarray(0, length)).toEqual(expected.subarray(0, length));
    },
  );
});
