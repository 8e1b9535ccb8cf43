import { randomBytes } from 'node:crypto';
import {
  RingCorruptError,
  RingReader,
  RingWriter,
  ringPairBytes,
} from '../../src/rpc/shared-ring';

const CAPACITY = 64;

/** Both ends of ring 0 of a fresh pair, in ordinary memory, counting nudges each way. */
function ring() {
  const buffer = new ArrayBuffer(ringPairBytes(CAPACITY));
  const nudges = { reader: 0, writer: 0 };
  const writer = new RingWriter(buffer, 0, CAPACITY, () => nudges.reader++);
  const reader = new RingReader(buffer, 0, CAPACITY, () => nudges.writer++);
  writer.initialize();
  const readAll = () => {
    const parts: Buffer[] = [];
    reader.read(bytes => parts.push(Buffer.from(bytes)));
    return Buffer.concat(parts);
  };
  return { buffer, writer, reader, nudges, readAll };
}

describe('shared ring', () => {
  it('carries bytes across the end of the ring, in order, for many laps', () => {
    const { writer, readAll } = ring();
    const sent: Buffer[] = [];
    const received: Buffer[] = [];
    for (let i = 0; i < 500; i++) {
      const bytes = randomBytes(1 + (i % 50));
      sent.push(bytes);
      writer.write(bytes);
      if (i % 3 === 2) received.push(readAll());
      writer.flush(); // what the link does on each turn
    }
    while (writer.blocked || received.at(-1)!.length > 0) {
      writer.flush();
      received.push(readAll());
    }
    expect(Buffer.concat(received).equals(Buffer.concat(sent))).toBe(true);
  });

  it('keeps what does not fit, copies it (the caller may reuse its buffer) and sends it once there is room', () => {
    const { writer, readAll, nudges } = ring();
    const bytes = Buffer.alloc(3 * CAPACITY, 7);
    writer.write(bytes);
    bytes.fill(0); // an encoder reusing its buffer
    writer.write(Buffer.from([1, 2, 3]));
    expect(writer.blocked).toBe(true);

    const received = [readAll()];
    expect(nudges.writer).toBe(1); // the reader tells the waiting writer that room freed up
    while (writer.blocked) {
      writer.flush();
      received.push(readAll());
    }
    received.push(readAll());
    expect(Buffer.concat(received)).toEqual(
      Buffer.concat([Buffer.alloc(3 * CAPACITY, 7), Buffer.from([1, 2, 3])]),
    );
  });

  it('writes a frame’s length and bytes as one, and queues both in order when they do not fit', () => {
    const { writer, readAll } = ring();
    writer.write(Buffer.alloc(CAPACITY - 10, 1));
    writer.writePair(Buffer.from([4, 0, 0, 0]), Buffer.from('abcd'));
    expect(writer.blocked).toBe(false);
    writer.writePair(Buffer.from([40, 0, 0, 0]), Buffer.alloc(40, 2)); // 44 > 2 free
    expect(writer.blocked).toBe(true);
    const received = [readAll()];
    while (writer.blocked) {
      writer.flush();
      received.push(readAll());
    }
    expect(Buffer.concat(received)).toEqual(
      Buffer.concat([
        Buffer.alloc(CAPACITY - 10, 1),
        Buffer.from([4, 0, 0, 0]),
        Buffer.from('abcd'),
        Buffer.from([40, 0, 0, 0]),
        Buffer.alloc(40, 2),
      ]),
    );
  });

  it('nudges a parked reader once, and a polling reader never', () => {
    const { writer, reader, nudges, readAll } = ring();
    writer.write(Buffer.from('a')); // a new ring's reader starts parked
    writer.write(Buffer.from('b'));
    expect(nudges.reader).toBe(1);

    reader.unpark();
    expect(readAll().toString()).toBe('ab');
    writer.write(Buffer.from('c'));
    expect(nudges.reader).toBe(1);

    readAll();
    expect(reader.park()).toBe(true);
    writer.write(Buffer.from('d'));
    expect(nudges.reader).toBe(2);
  });

  it('does not park while bytes wait, so a write during parking is never missed', () => {
    const { writer, reader } = ring();
    reader.unpark();
    writer.write(Buffer.from('late'));
    expect(reader.park()).toBe(false);
  });

  it('refuses a head that claims more bytes than the ring holds', () => {
    const { buffer, reader } = ring();
    new Int32Array(buffer)[0] = CAPACITY + 1; // a peer scribbling on the control block
    expect(() => reader.read(() => undefined)).toThrow(RingCorruptError);
  });
});
