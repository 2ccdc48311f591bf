// Tokens the mock must refuse, through the real clients: each gives the documented error (a
// GraphError with statusCode and code, or MSAL's ServerError at the token endpoint) and changes
// nothing (the namespace's state in fixture form is the same before and after).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { GraphError } from '@microsoft/microsoft-graph-client';
import { graphToken, makeGraphClient, makeMsal } from '../lib/bot.mjs';
import { control, env, graphUrlIn, rejectsWithGraphError, snapshot } from '../lib/harness.mjs';

const NAMESPACE = 'js-negative';
// From fixtures/default.json: a call, one of its participants, and another call's participant.
const CALL = 'e141b67c-90fd-455d-858b-b48a40b9cc8d';
const HELD = 'fa1e9582-7145-4ca3-bcd8-577f561fcb6e';
const OTHER_CALL = '112f7296-5fa4-42ca-bae8-6a692b15d4b8';
const OTHER_PARTICIPANT = 'a7ebfb2d-871e-419c-87af-27290b22e8db';

const msal = makeMsal({ authorityHost: env.authorityHost, tenantId: env.tenantId, clientId: env.appId, clientSecret: env.appSecret });

// Requests that would each change the state, were the token good.
function attempts(graph) {
  return [
    ['create a call', () =>
      graph.api('/communications/calls').post({
        '@odata.type': '#microsoft.graph.call',
        callbackUri: `${env.receiverUrl}/api/calls/${NAMESPACE}`,
        tenantId: env.tenantId,
        targets: [{ identity: { user: { id: randomUUID() } } }],
        requestedModalities: ['audio'],
        mediaConfig: { '@odata.type': '#microsoft.graph.serviceHostedMediaConfig' },
      })],
    ['start hold music', () => graph.api(`/communications/calls/${CALL}/participants/${HELD}/startHoldMusic`).post({ clientContext: 'x' })],
    ['remove a participant', () => graph.api(`/communications/calls/${OTHER_CALL}/participants/${OTHER_PARTICIPANT}`).delete()],
    ['invite (qualified form)', () =>
      graph.api(`/communications/calls/${OTHER_CALL}/participants/microsoft.graph.invite`).post({
        participants: [{ identity: { user: { id: randomUUID() } } }],
      })],
  ];
}

// Every attempt with this token fails with `statusCode` and `code`, and the state is unchanged.
async function refusedWith(token, statusCode, code, messagePattern) {
  const graph = makeGraphClient(graphUrlIn(NAMESPACE), async () => token);
  const before = await snapshot(NAMESPACE);
  for (const [what, attempt] of attempts(graph)) {
    const error = await rejectsWithGraphError(attempt(), statusCode, code, GraphError);
    if (messagePattern) assert.match(error.message, messagePattern, what);
    assert.ok(error.requestId, `${what}: the error names its request-id`);
  }
  assert.deepEqual(await snapshot(NAMESPACE), before);
}

async function mint(claims) {
  const r = await control('POST', 'tokens', { body: { appId: env.appId, tenantId: env.tenantId, ...claims } });
  assert.equal(r.status, 200, r.text);
  return r.json.access_token;
}

test('the good token is accepted (the control for the cases below)', async () => {
  const graph = makeGraphClient(graphUrlIn(NAMESPACE), () => graphToken(msal));
  assert.equal((await graph.api(`/communications/calls/${CALL}`).get()).id, CALL);
});

test('an expired token: 401 InvalidAuthenticationToken', async () => {
  await refusedWith(await mint({ lifetimeSeconds: -60 }), 401, 'InvalidAuthenticationToken', /expired|lifetime/i);
});

test('a token for another audience: 401 InvalidAuthenticationToken', async () => {
  await refusedWith(await mint({ audience: 'https://management.azure.com' }), 401, 'InvalidAuthenticationToken', /audience/i);
});

test('a token whose signature was tampered with: 401 InvalidAuthenticationToken', async () => {
  const [header, payload, signature] = (await graphToken(msal)).split('.');
  const bytes = Buffer.from(signature, 'base64url');
  bytes[bytes.length >> 1] ^= 0x01;
  await refusedWith(`${header}.${payload}.${bytes.toString('base64url')}`, 401, 'InvalidAuthenticationToken', /signature/i);
});

test('a token whose claims were changed under the original signature: 401 InvalidAuthenticationToken', async () => {
  const limited = makeMsal({ authorityHost: env.authorityHost, tenantId: env.tenantId, clientId: env.limitedAppId, clientSecret: env.limitedAppSecret });
  const [header, payload, signature] = (await graphToken(limited)).split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url'));
  claims.roles = ['Calls.Initiate.All', 'Calls.JoinGroupCall.All', 'Calls.InitiateGroupCall.All'];
  const forged = Buffer.from(JSON.stringify(claims)).toString('base64url');
  await refusedWith(`${header}.${forged}.${signature}`, 401, 'InvalidAuthenticationToken', /signature/i);
});

test("an app without the calling roles (MSAL's real token): 403 with code 7504 naming them", async () => {
  const limited = makeMsal({ authorityHost: env.authorityHost, tenantId: env.tenantId, clientId: env.limitedAppId, clientSecret: env.limitedAppSecret });
  await refusedWith(await graphToken(limited), 403, '7504', /Calls\.(Initiate|JoinGroupCall)/);
});

test('a token with no roles at all: 403 with code 7504', async () => {
  await refusedWith(await mint({ roles: [] }), 403, '7504', /grants none/);
});

test('a wrong client secret: MSAL rejects with invalid_client (AADSTS7000215), and no Graph request is made', async () => {
  const wrong = makeMsal({ authorityHost: env.authorityHost, tenantId: env.tenantId, clientId: env.appId, clientSecret: 'not-the-secret' });
  await assert.rejects(graphToken(wrong), (e) => {
    assert.equal(e.name, 'ServerError');
    assert.equal(e.errorCode, 'invalid_client');
    assert.equal(Number(e.errorNo), 7000215);
    assert.match(e.errorMessage, /AADSTS7000215/);
    return true;
  });
  // Through the Graph client the request fails before it is sent: the client wraps MSAL's error
  // in a GraphError with statusCode -1, code "ServerError" (the error's name) and its message.
  const before = await snapshot(NAMESPACE);
  const journalBefore = (await control('GET', 'journal', { namespace: NAMESPACE })).json.value.length;
  const graph = makeGraphClient(graphUrlIn(NAMESPACE), () => graphToken(wrong));
  for (const [what, attempt] of attempts(graph)) {
    const error = await rejectsWithGraphError(attempt(), -1, 'ServerError', GraphError);
    assert.match(error.message, /^invalid_client: .*AADSTS7000215/, what);
  }
  assert.deepEqual(await snapshot(NAMESPACE), before);
  assert.equal((await control('GET', 'journal', { namespace: NAMESPACE })).json.value.length, journalBefore, 'the mock saw no Graph request');
});
