// The test side: what run.mjs passes in the environment, the mock's control plane, the
// receiver's record of notifications, and bounded polling.
import assert from 'node:assert/strict';

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through run.mjs`);
  return value;
}

export const env = {
  origin: required('GCM_ORIGIN'), // the mock, over https: control plane and identity platform
  graphUrl: required('GCM_GRAPH_URL'), // the Graph base URL, with its version
  authorityHost: required('GCM_AUTHORITY_HOST'),
  receiverUrl: required('GCM_RECEIVER_URL'), // the bot's callback endpoint
  tenantId: required('GCM_TENANT_ID'),
  appId: required('GCM_APP_ID'),
  appSecret: required('GCM_APP_SECRET'),
  appCertificate: required('GCM_APP_CERT'), // paths to PEM files
  appKey: required('GCM_APP_KEY'),
  limitedAppId: required('GCM_LIMITED_APP_ID'),
  limitedAppSecret: required('GCM_LIMITED_APP_SECRET'),
};

// A Graph base URL in a namespace of its own (`/_ns/{name}/v1.0`), so test files that run at
// the same time do not see each other's calls.
export function graphUrlIn(namespace) {
  const url = new URL(env.graphUrl);
  return `${url.origin}/_ns/${namespace}${url.pathname}`;
}

// The control plane (no token), in a namespace or the default one.
export async function control(method, path, { namespace, body } = {}) {
  const prefix = namespace ? `/_ns/${namespace}` : '';
  const response = await fetch(`${env.origin}${prefix}/_mock/${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  const text = await response.text();
  const type = response.headers.get('content-type') || '';
  return { status: response.status, headers: response.headers, text, json: type.includes('json') && text ? JSON.parse(text) : undefined };
}

// The state in fixture form: what must not change when a request is refused.
export async function snapshot(namespace) {
  const r = await control('GET', 'calls', { namespace });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

// Every notification the receiver got, oldest first, each with its parsed body.
export async function received() {
  const response = await fetch(`${env.receiverUrl}/_received`, { signal: AbortSignal.timeout(5000) });
  assert.equal(response.status, 200);
  return (await response.json()).map((r) => ({ ...r, body: JSON.parse(r.body) }));
}

// The notifications (one POST each) about a call, oldest first.
export async function notificationsOf(callId) {
  return (await received()).filter((post) =>
    post.body.value.some((n) => (n.resourceUrl || '').includes(`/calls/${callId}`)),
  );
}

// Polls `probe` until it returns something truthy; fails after `ms` naming `what`.
export async function waitFor(what, probe, { ms = 10_000, every = 25 } = {}) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    last = await probe();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

// Waits for a notification about the call that `match` accepts, among the POSTs about it from
// index `since` on; returns it with its POST and that POST's index.
export function waitForNotification(callId, what, match, { since = 0, ...options } = {}) {
  return waitFor(
    `${what} (call ${callId})`,
    async () => {
      const posts = await notificationsOf(callId);
      for (let index = since; index < posts.length; ++index)
        for (const n of posts[index].body.value) if (match(n)) return { post: posts[index], notification: n, index };
      return undefined;
    },
    options,
  );
}

// Asserts that `promise` rejects with a GraphError of this status and code; returns the error.
export async function rejectsWithGraphError(promise, statusCode, code, GraphError) {
  let error;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  assert.ok(error, `expected a GraphError ${statusCode} ${code}, but the request succeeded`);
  assert.ok(error instanceof GraphError, `expected a GraphError, got ${error && error.name}: ${error && error.message}`);
  assert.equal(error.statusCode, statusCode, error.message);
  assert.equal(error.code, code, error.message);
  return error;
}
