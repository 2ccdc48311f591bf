// A minimal Teams calling bot for graph-comms-mock, with no dependencies (Node 18 or later).
//
// It receives Graph commsNotifications on POST /api/calls, checks each one's bearer token
// against the keys the mock publishes (RS256 signature, issuer, audience = BOT_APP_ID, exp/nbf),
// and drives every incoming call through a short script:
//   incoming -> answer -> established -> playPrompt -> prompt completed
//   -> startHoldMusic on the caller -> hold started -> stopHoldMusic -> hang up (DELETE the call)
// Everything it does is logged, one line per step, on stdout.
'use strict';

const http = require('node:http');
const https = require('node:https');
const crypto = require('node:crypto');

const PORT = Number(process.env.PORT || 3978);
const MOCK_URL = (process.env.MOCK_URL || 'http://localhost:8080').replace(/\/+$/, '');
const GRAPH_BASE_URL = (process.env.GRAPH_BASE_URL || `${MOCK_URL}/v1.0`).replace(/\/+$/, '');
const BOT_APP_ID = process.env.BOT_APP_ID || '';
const CALLBACK_URI = process.env.CALLBACK_URI || `http://localhost:${PORT}/api/calls`;
// Tokens for notifications come from one of these issuers (the mock uses the first).
const ISSUERS = ['https://api.botframework.com', 'https://graph.microsoft.com'];
const CLOCK_SKEW_S = 300;
const PROMPT = {
  '@odata.type': '#microsoft.graph.mediaPrompt',
  mediaInfo: {
    '@odata.type': '#microsoft.graph.mediaInfo',
    uri: 'https://sample-bot.example/prompts/welcome.wav',
    resourceId: 'b1f6ad4c-7a0e-4c52-9d5e-3f1f2b0c9a11',
  },
};

function log(message) {
  console.log(`${new Date().toISOString()} sample-bot: ${message}`);
}

// --- HTTP client (node:http, JSON in and out) ---------------------------------------------------

function request(method, url, body) {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers = { Accept: 'application/json', Authorization: 'Bearer sample-bot-token' };
    if (payload) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = payload.length;
    }
    const client = target.protocol === 'https:' ? https : http;
    const req = client.request(target, { method, headers, timeout: 5000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode, json, text });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${url}: timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

const graph = (method, path, body) => request(method, `${GRAPH_BASE_URL}${path}`, body);

// --- Token validation against the mock's OpenID configuration -----------------------------------

let keys = new Map(); // kid -> KeyObject

async function loadKeys() {
  const config = await request('GET', `${MOCK_URL}/_mock/.well-known/openid-configuration`);
  if (config.status !== 200 || !config.json || !config.json.jwks_uri)
    throw new Error(`openid-configuration answered ${config.status}`);
  const jwks = await request('GET', config.json.jwks_uri);
  if (jwks.status !== 200 || !jwks.json || !Array.isArray(jwks.json.keys))
    throw new Error(`${config.json.jwks_uri} answered ${jwks.status}`);
  const loaded = new Map();
  for (const jwk of jwks.json.keys)
    if (jwk.kty === 'RSA' && jwk.kid)
      loaded.set(jwk.kid, crypto.createPublicKey({ key: jwk, format: 'jwk' }));
  keys = loaded;
  log(`loaded ${loaded.size} signing key(s) from ${config.json.jwks_uri}`);
}

// Retries until the mock answers (it may start after the bot), at most `seconds`.
async function loadKeysPatiently(seconds) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      return await loadKeys();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

function decodePart(part) {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

// Returns the token's claims, or throws saying what is wrong with it.
async function verifyToken(authorization) {
  const match = /^Bearer (\S+)$/.exec(authorization || '');
  if (!match) throw new Error('no bearer token');
  const parts = match[1].split('.');
  if (parts.length !== 3) throw new Error('not a JWT');
  const header = decodePart(parts[0]);
  if (header.alg !== 'RS256') throw new Error(`alg ${header.alg}, not RS256`);
  if (!keys.has(header.kid)) await loadKeys(); // the mock restarted with a new key?
  const key = keys.get(header.kid);
  if (!key) throw new Error(`unknown key id ${header.kid}`);
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
  if (!crypto.verify('RSA-SHA256', signed, key, Buffer.from(parts[2], 'base64url')))
    throw new Error('bad signature');
  const claims = decodePart(parts[1]);
  const now = Math.floor(Date.now() / 1000);
  if (!ISSUERS.includes(claims.iss)) throw new Error(`issuer ${claims.iss}`);
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!BOT_APP_ID || !audiences.includes(BOT_APP_ID))
    throw new Error(`audience ${claims.aud}, not ${BOT_APP_ID || '(BOT_APP_ID unset)'}`);
  if (typeof claims.exp !== 'number' || claims.exp + CLOCK_SKEW_S < now) throw new Error('expired');
  if (typeof claims.nbf === 'number' && claims.nbf - CLOCK_SKEW_S > now)
    throw new Error('not valid yet');
  return claims;
}

// --- The call script ------------------------------------------------------------------------------

const calls = new Map(); // call id -> { me, promptId, holdId, onHold }

async function expect(response, status, what) {
  if (response.status !== status)
    throw new Error(`${what} answered ${response.status}, expected ${status}: ${response.text}`);
  log(`${what} -> ${response.status}`);
  return response;
}

async function onCall(id, changeType, call) {
  if (changeType === 'created' && call.state === 'incoming') {
    calls.set(id, { me: call.myParticipantId });
    log(`call ${id} is ringing; answering`);
    await expect(
      await graph('POST', `/communications/calls/${id}/answer`, {
        callbackUri: CALLBACK_URI,
        acceptedModalities: ['audio'],
        mediaConfig: { '@odata.type': '#microsoft.graph.serviceHostedMediaConfig' },
      }),
      202,
      `answer ${id}`,
    );
    return;
  }
  const state = calls.get(id);
  if (!state) return;
  if (call.state === 'established' && !state.promptId) {
    const r = await expect(
      await graph('POST', `/communications/calls/${id}/playPrompt`, {
        clientContext: 'sample-bot-welcome',
        prompts: [PROMPT],
      }),
      200,
      `playPrompt ${id}`,
    );
    state.promptId = r.json.id;
  } else if (changeType === 'deleted' || call.state === 'terminated') {
    const info = call.resultInfo || {};
    log(`call ${id} ended (${info.code}/${info.subcode} ${info.message || ''})`.trimEnd());
    calls.delete(id);
  }
}

async function onOperation(callId, operation) {
  const state = calls.get(callId);
  if (!state || operation.status !== 'completed') {
    if (state) log(`operation ${operation.id} ended ${operation.status}`);
    return;
  }
  const base = `/communications/calls/${callId}`;
  if (operation.id === state.promptId) {
    log(`prompt ${operation.id} played; putting the caller on hold`);
    const roster = await expect(await graph('GET', `${base}/participants`), 200, 'list participants');
    const caller = (roster.json.value || []).find((p) => p.id !== state.me);
    if (!caller) throw new Error(`call ${callId} has nobody but the bot`);
    state.onHold = caller.id;
    const r = await expect(
      await graph('POST', `${base}/participants/${caller.id}/startHoldMusic`, {
        customPrompt: PROMPT,
        clientContext: 'sample-bot-hold',
      }),
      202,
      `startHoldMusic ${caller.id}`,
    );
    state.holdId = r.json.id;
  } else if (operation.id === state.holdId) {
    log(`hold music playing for ${state.onHold}; taking them off hold`);
    await expect(
      await graph('POST', `${base}/participants/${state.onHold}/stopHoldMusic`, {
        clientContext: 'sample-bot-unhold',
      }),
      202,
      `stopHoldMusic ${state.onHold}`,
    );
    await expect(await graph('DELETE', base), 204, `hang up ${callId}`);
  }
}

async function handle(notification) {
  const url = notification.resourceUrl || '';
  const data = notification.resourceData || {};
  let m;
  if ((m = /\/calls\/([^/]+)\/operations\/([^/]+)$/.exec(url))) {
    if (notification.changeType === 'deleted') await onOperation(m[1], data);
  } else if ((m = /\/calls\/([^/]+)$/.exec(url))) {
    await onCall(m[1], notification.changeType, data);
  }
}

// One call's notifications are handled in the order they came.
let queue = Promise.resolve();

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const server = http.createServer(async (req, res) => {
  if (req.method === 'GET' && req.url === '/health') {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  if (req.method !== 'POST' || req.url.split('?')[0] !== '/api/calls') {
    res.writeHead(404).end();
    return;
  }
  const body = await readBody(req);
  try {
    await verifyToken(req.headers.authorization);
  } catch (e) {
    log(`refused a notification (403): ${e.message}`);
    res.writeHead(403).end();
    return;
  }
  let batch;
  try {
    batch = JSON.parse(body);
  } catch {
    res.writeHead(400).end();
    return;
  }
  // Answer first, act afterwards: the Graph requests below may cause further notifications.
  res.writeHead(202).end();
  for (const notification of batch.value || []) {
    log(
      `notification ${notification.changeType} ${notification.resourceUrl}` +
        (notification.resourceData && notification.resourceData.state
          ? ` (${notification.resourceData.state})`
          : notification.resourceData && notification.resourceData.status
            ? ` (${notification.resourceData.status})`
            : '') +
        ', token verified',
    );
    queue = queue.then(() => handle(notification)).catch((e) => log(`error: ${e.message}`));
  }
});

loadKeysPatiently(60)
  .then(() =>
    server.listen(PORT, () =>
      log(`listening on port ${PORT}; Graph at ${GRAPH_BASE_URL}; app id ${BOT_APP_ID}`),
    ),
  )
  .catch((e) => {
    log(`cannot load the mock's signing keys: ${e.message}`);
    process.exit(1);
  });

// PID 1 in a container gets no default signal handling: stop on SIGTERM/SIGINT ourselves.
for (const signal of ['SIGTERM', 'SIGINT'])
  process.on(signal, () => {
    log(`${signal}: stopping`);
    process.exit(0);
  });
