/**
 * s3rver in front of a small overlay for the bucket documents s3rver answers
 * `NotImplemented` for (versioning, encryption, tagging, policy, public access block).
 * Everything else (buckets, CORS, objects, listing) is s3rver's own answer, passed through
 * byte for byte so its signature check still holds. The overlay keeps each document exactly
 * as the client PUT it and returns it on GET, with the not-found codes S3 documents when
 * there is none; it checks with s3rver that the bucket exists first, so a deleted bucket
 * answers `NoSuchBucket` for its documents too.
 */
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startS3rver } from '../aws/servers/s3rver.js';

/** How a missing document answers: 200 with an empty body, or a typed 404. */
const ABSENT: Record<string, { status: number; code?: string; body?: string }> = {
  versioning: {
    status: 200,
    body: '<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>',
  },
  encryption: { status: 404, code: 'ServerSideEncryptionConfigurationNotFoundError' },
  tagging: { status: 404, code: 'NoSuchTagSet' },
  policy: { status: 404, code: 'NoSuchBucketPolicy' },
  publicAccessBlock: { status: 404, code: 'NoSuchPublicAccessBlockConfiguration' },
};

function errorXml(code: string, bucket: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${code}</Message><BucketName>${bucket}</BucketName><RequestId>overlay</RequestId></Error>`;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A running s3rver behind the overlay. */
export interface OverlaidS3 {
  url: string;
  close(): Promise<void>;
}

/** Starts s3rver and the overlay in front of it, both on 127.0.0.1, random ports. */
export async function startOverlaidS3(): Promise<OverlaidS3> {
  const s3rver = await startS3rver([]);
  const upstream = new URL(s3rver.url);
  const documents = new Map<string, Buffer>();

  const forward = (
    req: Pick<IncomingMessage, 'method' | 'url' | 'headers'>,
    body: Buffer,
    res?: ServerResponse,
  ) =>
    new Promise<number>((resolve, reject) => {
      const out = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          if (res === undefined) {
            answer.resume();
            answer.on('end', () => resolve(answer.statusCode ?? 500));
            return;
          }
          res.writeHead(answer.statusCode ?? 500, answer.headers);
          answer.pipe(res);
          answer.on('end', () => resolve(answer.statusCode ?? 500));
        },
      );
      out.on('error', reject);
      out.end(body);
    });

  // The existence check goes unsigned: s3rver answers anonymous requests.
  const bucketExists = (bucket: string) =>
    forward({ method: 'HEAD', url: `/${bucket}`, headers: {} }, Buffer.alloc(0));

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://overlay');
      const [, bucket = '', key] = url.pathname.split('/');
      const sub = Object.keys(ABSENT).find((name) => url.searchParams.has(name));
      if (sub === undefined || bucket === '' || (key !== undefined && key !== '')) {
        if (req.method === 'DELETE' && sub === undefined && bucket !== '' && !key)
          for (const name of Object.keys(ABSENT)) documents.delete(`${bucket}?${name}`);
        await forward(req, body, res);
        return;
      }
      const status = await bucketExists(bucket);
      if (status === 404) {
        res.writeHead(404, { 'content-type': 'application/xml' });
        res.end(errorXml('NoSuchBucket', bucket));
        return;
      }
      const id = `${bucket}?${sub}`;
      if (req.method === 'PUT') {
        documents.set(id, body);
        res.writeHead(sub === 'policy' ? 204 : 200);
        res.end();
      } else if (req.method === 'DELETE') {
        documents.delete(id);
        res.writeHead(204);
        res.end();
      } else {
        const stored = documents.get(id);
        const absent = ABSENT[sub] ?? { status: 404, code: 'NoSuchKey' };
        if (stored !== undefined) {
          res.writeHead(200, {
            'content-type': sub === 'policy' ? 'application/json' : 'application/xml',
          });
          res.end(stored);
        } else {
          res.writeHead(absent.status, { 'content-type': 'application/xml' });
          res.end(absent.body ?? errorXml(absent.code ?? 'NoSuchKey', bucket));
        }
      }
    })().catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await s3rver.close();
    },
  };
}
