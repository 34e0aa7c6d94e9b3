import { createLocalJWKSet, jwtVerify, type JWK } from 'jose';
import { installSpecSchema } from '@batteries-included/batteries';
import {
  BASE_URL,
  Browser,
  createInstallationThroughPages,
  signUp,
  startTestHomeBase,
} from '../testing/harness.js';
import { signReportToken } from '../testing/report-token.js';

const report = {
  version: '0.1.0',
  batteries: ['core', 'redis'],
  nodes: 5,
  pods: 42,
  podsByNode: { 'node-0': 42 },
};

interface SseEvent {
  event: string;
  data: string;
}

/** Reads server-sent events from a response until `done` says so (or the stream ends); then cancels it. */
async function readEvents(response: Response, done: (events: SseEvent[]) => boolean): Promise<SseEvent[]> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: SseEvent[] = [];
  let buffer = '';
  try {
    while (!done(events)) {
      const { value, done: ended } = await reader.read();
      if (ended) break;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const lines = block.split('\n').filter((line) => !line.startsWith(':'));
        if (lines.length === 0) continue;
        const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
        const data = lines
          .filter((l) => l.startsWith('data: '))
          .map((l) => l.slice(6))
          .join('\n');
        events.push({ event, data });
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return events;
}

/** The live stream of the installation page, as the page's script opens it. */
describe('GET /installations/:id/live', () => {
  let hb: Awaited<ReturnType<typeof startTestHomeBase>>;
  let owner: Browser;
  let other: Browser;
  let id: string;
  const api = (path: string, init?: RequestInit) => hb.app.request(`${BASE_URL}/api/v1${path}`, init);

  const sendReport = async (installation: string) => {
    const spec = ((await (await api(`/installations/${installation}/spec`)).json()) as { jws: string }).jws;
    const keys = createLocalJWKSet((await (await api('/keys')).json()) as { keys: JWK[] });
    const { payload } = await jwtVerify(spec, keys);
    const key = installSpecSchema.parse(payload.spec).homeBase!.installationKey as JWK;
    const response = await api(`/installations/${installation}/usage_reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jws: await signReportToken(key, installation, report) }),
    });
    expect(response.status).toBe(201);
  };

  beforeAll(async () => {
    hb = await startTestHomeBase({ live: { pollMs: 20, maxStreamsPerUser: 2 } });
    owner = new Browser(hb.app);
    other = new Browser(hb.app);
    await signUp(owner, hb.store, 'owner@a.example');
    await signUp(other, hb.store, 'mallory@b.example');
    id = await createInstallationThroughPages(owner, { slug: 'alpha', batteries: ['redis'] });
  }, 120_000);
  afterAll(() => hb.close());

  it('renders the page with its live section, the stream address and the script; readable without it', async () => {
    const html = await (await owner.get(`/installations/${id}`)).text();
    expect(html).toContain(`data-live="/installations/${id}/live"`);
    expect(html).toContain('<script src="/static/live.js" defer></script>');
    expect(html).toContain('id="install-command"');
    expect(html).toContain('Reload the page for the latest report.');
    const script = await hb.app.request(`${BASE_URL}/static/live.js`);
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect(await script.text()).toContain("new EventSource(root.getAttribute('data-live'))");
  });

  it('sends the section at once, then again when a usage report arrives', async () => {
    const response = await owner.request(`/installations/${id}/live`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    let reported = false;
    const events = await readEvents(response, (seen) => {
      if (seen.length === 1 && !reported) {
        reported = true;
        void sendReport(id);
      }
      return seen.length >= 2;
    });
    expect(events.map((e) => e.event)).toEqual(['report', 'report']);
    expect(events[0]!.data).toContain('id="install-command"');
    expect(events[1]!.data).not.toContain('id="install-command"');
    expect(events[1]!.data).toContain('<td id="nodes">5</td>');
    expect(events[1]!.data).toContain('<td id="pods">42</td>');
    expect(events[1]!.data).toContain('id="estimate-total"');
  });

  it('answers 404 to another team for the real id and for guesses, and leaks nothing', async () => {
    for (const guess of [id, id.replace(/^.{8}/, '00000000'), 'not-a-uuid']) {
      const response = await other.request(`/installations/${guess}/live`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).not.toContain('text/event-stream');
      expect(await response.text()).not.toContain('alpha');
    }
  });

  it('sends a request without a session to the login page, not a stream', async () => {
    const response = await hb.app.request(`${BASE_URL}/installations/${id}/live`);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/login');
  });

  it('refuses a GET that carries a body', async () => {
    const bodies: Record<string, string>[] = [{ 'content-length': '12' }, { 'transfer-encoding': 'chunked' }];
    for (const headers of bodies) {
      const response = await owner.request(`/installations/${id}/live`, { headers });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('The live stream is a GET without a body.');
    }
  });

  it('caps open streams per user, and a closed stream frees its place', async () => {
    const first = await owner.request(`/installations/${id}/live`);
    const second = await owner.request(`/installations/${id}/live`);
    expect([first.status, second.status]).toEqual([200, 200]);
    const third = await owner.request(`/installations/${id}/live`);
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('30');
    await readEvents(first, (seen) => seen.length >= 1);
    await readEvents(second, (seen) => seen.length >= 1);
    let again = await owner.request(`/installations/${id}/live`);
    // The server notices a cancelled stream at its next write or poll; give it a few polls.
    for (let attempt = 0; again.status === 429 && attempt < 50; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      again = await owner.request(`/installations/${id}/live`);
    }
    expect(again.status).toBe(200);
    await readEvents(again, (seen) => seen.length >= 1);
  });

  it('ends the stream when the session logs out', async () => {
    const viewer = new Browser(hb.app);
    await signUp(viewer, hb.store, 'viewer@c.example');
    const own = await createInstallationThroughPages(viewer, { slug: 'charlie' });
    const response = await viewer.request(`/installations/${own}/live`);
    const cookies = new Map(viewer.cookies);
    let loggedOut = false;
    const events = await readEvents(response, (seen) => {
      if (seen.length === 1 && !loggedOut) {
        loggedOut = true;
        void viewer.submit('/installations', '/logout', {});
      }
      return seen.some((e) => e.event === 'end');
    });
    expect(events.map((e) => e.event)).toEqual(['report', 'end']);
    // The old cookie no longer opens a stream.
    viewer.cookies.clear();
    for (const [name, value] of cookies) viewer.cookies.set(name, value);
    expect((await viewer.request(`/installations/${own}/live`)).status).toBe(303);
  });
});
