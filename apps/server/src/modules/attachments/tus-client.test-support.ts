import http from 'node:http';
import type { Session } from '../../test-support/app.ts';

/** Raw tus 1.0 requests from Node, as a browser on a bad link would send them. */
export interface TusTarget {
  port: number;
  session: Session;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function tusRequest(target: TusTarget, method: string, path: string, headers: Record<string, string | number>, body?: Buffer,
  opts: { csrf?: boolean } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: target.port, method, path, headers: {
      'tus-resumable': '1.0.0', cookie: target.session.cookie, 'accept-language': 'en',
      ...(opts.csrf === false || method === 'HEAD' ? {} : { 'x-csrf-token': target.session.csrf }),
      ...(body ? { 'content-type': 'application/offset+octet-stream', 'content-length': body.length } : {}),
      ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

export const metadataHeader = (m: Record<string, string>) =>
  Object.entries(m).map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`).join(',');

/**
 * Sends `sent` bytes of a PATCH that announces the whole rest of the file, then destroys the
 * socket: the link dropped mid-way. Resolves once the server saw the connection close.
 */
export function patchThenDrop(target: TusTarget, path: string, offset: number, data: Buffer, sent: number): Promise<void> {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port: target.port, method: 'PATCH', path, headers: {
      'tus-resumable': '1.0.0', cookie: target.session.cookie, 'x-csrf-token': target.session.csrf,
      'content-type': 'application/offset+octet-stream', 'content-length': data.length, 'upload-offset': offset } });
    req.on('error', () => resolve());
    req.on('response', () => resolve());
    req.write(data.subarray(0, sent), () => {
      // Give the server a moment to write what arrived, then cut the line.
      setTimeout(() => { req.destroy(); setTimeout(resolve, 200); }, 200);
    });
  });
}
