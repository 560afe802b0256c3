/**
 * Boomstream's reply envelope: `Status` plus, in JSON, `Version`, `Versions[]` and `RequestURI`
 * — the request path and query echoed back, API key included, exactly as the real API does
 * (shared/fixtures/boomstream/conference_info.json). XML when `format` is not `json` (the
 * real default).
 */
import type { ServerResponse } from 'node:http';

export type ReplyBody = Record<string, unknown>;

const VERSIONS = [
  { version: '1.0', description: 'Boomstream API v.1.0 loads by default' },
  {
    version: '1.1',
    description:
      'Boomstream API v.1.1. \nAdd &ver=1.1 to the HTTP request to use it. \nChange log: it is changed the response format for the method ppv/listBuyers',
  },
  {
    version: '1.2',
    description:
      'Boomstream API v.1.2. \nAdd &ver=1.2 to the HTTP request to use it. \nChange log: it is changed the response format for methods ppv/listMedia and ppv/addMedia',
  },
];

const escapeXml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function toXml(value: unknown, name: string): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value))
    return `<${name}>${value.map((v) => toXml(v, 'Item')).join('')}</${name}>`;
  if (typeof value === 'object')
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => toXml(v, k))
      .join('')}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function sendReply(
  response: ServerResponse,
  status: number,
  body: ReplyBody,
  {
    format,
    requestUri,
    version,
  }: { format: string | undefined; requestUri: string; version: string | undefined },
): void {
  if (format === 'json') {
    response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
    response.end(
      JSON.stringify({
        ...body,
        Version: version ?? '1.0',
        Versions: VERSIONS,
        RequestURI: requestUri,
      }),
    );
    return;
  }
  response.writeHead(status, { 'Content-Type': 'application/xml; charset=utf-8' });
  response.end(`<?xml version="1.0" encoding="utf-8"?>\n${toXml(body, 'Response')}`);
}

export const failed = (message: string): ReplyBody => ({ Status: 'Failed', Message: message });
