/** HTTP responses of the sandbox as plain data, so faults can rewrite them before they are sent. */

import { Envelope } from './envelope';

export interface SandboxResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The result code in the body, or null when the body is not an API envelope. */
  resultCode: string | null;
}

export function jsonResponse(status: number, envelope: Envelope): SandboxResponse {
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
    body: JSON.stringify(envelope.body),
    resultCode: envelope.resultCode,
  };
}

/** An HTML error page such as a web server or proxy sends in front of the API. */
export function htmlResponse(status: number, title: string, message: string): SandboxResponse {
  const body =
    `<!DOCTYPE html>\n<html><head><title>${title}</title></head>` +
    `<body><h1>${title}</h1><p>${message}</p><hr><address>Apache Server</address></body></html>\n`;

  return { status, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body, resultCode: null };
}
