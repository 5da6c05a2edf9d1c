// GridFS bucket operations: upload/uploadWithId from `{ $$hexBytes }`, download(ByName) as bytes,
// delete, rename, drop, find.
import type { GridFSBucket, ObjectId } from 'mongodb';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { splitArguments } from './arguments.js';
import type { EntityMap } from './entities.js';
import { type OperationResult, documentList, value } from './operation-result.js';
import { asDocument, asString, type Document, RunnerError } from './values.js';

function bytesOf(source: unknown): Buffer {
  const hex = asDocument(source, 'source').$$hexBytes;
  if (typeof hex !== 'string' || !/^([0-9a-f]{2})*$/i.test(hex)) {
    throw new RunnerError('upload source must be { $$hexBytes: <even hex string> }');
  }
  return Buffer.from(hex, 'hex');
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  await pipeline(stream, sink);
  return Buffer.concat(chunks);
}

export async function bucketOperation(
  bucket: GridFSBucket,
  name: string,
  args: Document,
  entities: EntityMap,
): Promise<OperationResult> {
  const split = (positional: readonly string[]) => splitArguments(args, positional, entities);
  switch (name) {
    case 'upload':
    case 'uploadWithId': {
      const { positional, options } = split(['id', 'filename', 'source', 'contentType', 'aliases']);
      const filename = asString(positional.filename, 'filename');
      const { contentType, aliases } = positional;
      // contentType and aliases left GridFS's options long ago; the driver ignores them if given.
      const uploadOptions: Document = { ...options, contentType, aliases };
      const upload =
        name === 'uploadWithId'
          ? bucket.openUploadStreamWithId(
              positional.id as ObjectId,
              filename,
              uploadOptions as never,
            )
          : bucket.openUploadStream(filename, uploadOptions as never);
      await pipeline(Readable.from([bytesOf(positional.source)]), upload);
      return value(upload.id);
    }
    case 'download': {
      const { positional, options } = split(['id']);
      return value(await readAll(bucket.openDownloadStream(positional.id as ObjectId, options)));
    }
    case 'downloadByName': {
      const { positional, options } = split(['filename']);
      const filename = asString(positional.filename, 'filename');
      return value(await readAll(bucket.openDownloadStreamByName(filename, options)));
    }
    case 'delete': {
      const { positional, options } = split(['id']);
      await bucket.delete(positional.id as ObjectId, options);
      return value(undefined);
    }
    case 'rename': {
      const { positional, options } = split(['id', 'newFilename']);
      const newName = asString(positional.newFilename, 'newFilename');
      await bucket.rename(positional.id as ObjectId, newName, options);
      return value(undefined);
    }
    case 'drop':
      await bucket.drop(split([]).options);
      return value(undefined);
    case 'find': {
      const { positional, options } = split(['filter']);
      const filter = positional.filter === undefined ? {} : asDocument(positional.filter, 'filter');
      return documentList((await bucket.find(filter, options).toArray()) as unknown as Document[]);
    }
    default:
      throw new RunnerError(`unsupported bucket operation ${name}`);
  }
}
