import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { consoleStatic } from './console-static.js';

describe('consoleStatic', () => {
  const dir = mkdtempSync(join(tmpdir(), 'console-dist-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(dir, 'assets', 'app-1234.js'), 'console.log(1)');
  writeFileSync(join(tmpdir(), 'outside-console.txt'), 'secret');
  const app = new Hono();
  app.use('*', consoleStatic(dir));
  app.get('/api/v1/thing', (c) => c.json({ ok: true }));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves a built asset with its content type and a long cache life', async () => {
    const response = await app.request('/assets/app-1234.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(response.headers.get('cache-control')).toContain('immutable');
    expect(await response.text()).toBe('console.log(1)');
  });

  it('answers client-side routes with index.html, never cached', async () => {
    const response = await app.request('/passes/12');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toContain('<title>console</title>');
  });

  it('never serves a file outside its directory', async () => {
    const response = await app.request('/..%2Foutside-console.txt');
    expect(await response.text()).not.toContain('secret');
  });

  it('leaves /api/ paths to the API', async () => {
    expect(await (await app.request('/api/v1/thing')).json()).toEqual({ ok: true });
  });
});
