// A bot's whole call, through the real MSAL and Graph client: create a group call, follow its
// notifications, invite, read the operation, hold and unhold, mute, remove a participant who
// joined and one still invited, hang up. Twice: with the actions' plain paths and with their
// namespace-qualified form (`microsoft.graph.invite`, ...), as other SDKs send them.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { GraphError, ResponseType } from '@microsoft/microsoft-graph-client';
import { graphToken, loadSigningKeys, makeGraphClient, makeMsal, verifyNotificationToken } from '../lib/bot.mjs';
import {
  control,
  env,
  graphUrlIn,
  notificationsOf,
  rejectsWithGraphError,
  waitFor,
  waitForNotification,
} from '../lib/harness.mjs';

const msal = makeMsal({
  authorityHost: env.authorityHost,
  tenantId: env.tenantId,
  clientId: env.appId,
  clientSecret: env.appSecret,
});

const identitySet = (kind, id, displayName) => ({
  '@odata.type': '#microsoft.graph.identitySet',
  [kind]: { '@odata.type': '#microsoft.graph.identity', id, ...(displayName ? { displayName } : {}) },
});
const invitee = (userId, participantId) => ({
  '@odata.type': '#microsoft.graph.invitationParticipantInfo',
  identity: identitySet('user', userId),
  ...(participantId ? { participantId } : {}),
});
const PROMPT = {
  '@odata.type': '#microsoft.graph.mediaPrompt',
  mediaInfo: { '@odata.type': '#microsoft.graph.mediaInfo', uri: 'https://bot.contoso.com/hold.wav', resourceId: randomUUID() },
};

const isCall = (callId) => (n) => n.resourceUrl.endsWith(`/calls/${callId}`);
const isOperation = (callId, opId) => (n) =>
  n.resourceUrl.endsWith(`/calls/${callId}/operations/${opId}`) && n.changeType === 'deleted';
const rosterIds = (n) => (n.resourceData || []).map((p) => p.id);

async function flow(namespace, qualified) {
  const action = (name) => (qualified ? `microsoft.graph.${name}` : name);
  const graph = makeGraphClient(graphUrlIn(namespace), () => graphToken(msal));
  const callbackUri = `${env.receiverUrl}/api/calls/${namespace}`;
  const [userA, userB, userC, userD] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];

  // Create a group call to two users; it is establishing, then established with both joined.
  const call = await graph.api('/communications/calls').post({
    '@odata.type': '#microsoft.graph.call',
    callbackUri,
    tenantId: env.tenantId,
    source: { '@odata.type': '#microsoft.graph.participantInfo', identity: identitySet('application', env.appId, 'Test bot') },
    targets: [invitee(userA), invitee(userB)],
    requestedModalities: ['audio'],
    mediaConfig: { '@odata.type': '#microsoft.graph.serviceHostedMediaConfig' },
  });
  assert.equal(call.state, 'establishing');
  assert.equal(call.callbackUri, callbackUri);
  const base = `/communications/calls/${call.id}`;
  await waitForNotification(call.id, 'established', (n) => isCall(call.id)(n) && n.resourceData.state === 'established');
  // Rosters come as the service sends them: the bot alone first, then as each target joins.
  const joined = await waitForNotification(call.id, 'the targets in the roster', (n) =>
    n.resourceUrl.endsWith(`${call.id}/participants`) && rosterIds(n).length === 3,
  );
  assert.equal((await graph.api(base).get()).state, 'established');
  // The client's own headers come back: client-request-id echoed, a request-id of the mock's.
  const clientRequestId = randomUUID();
  const raw = await graph.api(base).header('client-request-id', clientRequestId).responseType(ResponseType.RAW).get();
  assert.equal(raw.status, 200);
  assert.equal(raw.headers.get('client-request-id'), clientRequestId);
  assert.match(raw.headers.get('request-id'), /^[0-9a-f-]{36}$/);
  assert.equal((await raw.json()).id, call.id);

  const roster = await graph.api(`${base}/participants`).get();
  assert.equal(roster.value.length, 3);
  assert.equal(await graph.api(`${base}/participants/$count`).get(), '3');
  const userOf = (p) => p.info.identity.user && p.info.identity.user.id;
  const participantA = roster.value.find((p) => userOf(p) === userA);
  assert.ok(participantA, 'user A joined');
  assert.ok(rosterIds(joined.notification).includes(participantA.id));

  // Invite a third user and read the operation while the invitation rings.
  const participantC = randomUUID();
  const invite = await graph
    .api(`${base}/participants/${action('invite')}`)
    .post({ participants: [invitee(userC, participantC)], clientContext: 'invite-c' });
  assert.equal(invite['@odata.type'], '#microsoft.graph.inviteParticipantsOperation');
  assert.equal(invite.status, 'Running');
  assert.equal(invite.clientContext, 'invite-c');
  const ringing = await graph.api(`${base}/operations/${invite.id}`).get();
  assert.equal(ringing.id, invite.id);
  assert.equal(ringing.status.toLowerCase(), 'running');

  // A participant id already in the call cannot be invited again: 409 through the client.
  await rejectsWithGraphError(
    graph.api(`${base}/participants/${action('invite')}`).post({ participants: [invitee(userA, participantA.id)] }),
    409, 'Conflict', GraphError,
  );

  // The invitee answers (the mock's control plane plays the user); the operation completes.
  const answered = await control('POST', `calls/${call.id}/invitations/${participantC}/answer`, { namespace });
  assert.ok(answered.status >= 200 && answered.status < 300, answered.text);
  const inviteDone = await waitForNotification(call.id, 'the invitation completed', isOperation(call.id, invite.id));
  const isRoster = (n) => n.resourceUrl.endsWith(`${call.id}/participants`);
  const withC = await waitForNotification(call.id, 'C in the roster', (n) => isRoster(n) && rosterIds(n).includes(participantC));
  // The invite answered "Running" (its page); its later states keep that case.
  assert.equal(inviteDone.notification.resourceData.status, 'Completed');
  assert.equal((await graph.api(`${base}/operations/${invite.id}`).get()).status, 'Completed');
  assert.equal((await graph.api(`${base}/participants/${participantC}`).get()).id, participantC);

  // Hold music on A (running, then completed by notification), then off.
  const hold = await graph
    .api(`${base}/participants/${participantA.id}/${action('startHoldMusic')}`)
    .post({ customPrompt: PROMPT, clientContext: 'hold-a' });
  assert.equal(hold['@odata.type'], '#microsoft.graph.startHoldMusicOperation');
  assert.equal(hold.status, 'running');
  const held = await waitForNotification(call.id, 'hold music started', isOperation(call.id, hold.id));
  assert.equal(held.notification.resourceData.status, 'completed');
  assert.equal(held.notification.resourceData.clientContext, 'hold-a');
  const unhold = await graph
    .api(`${base}/participants/${participantA.id}/${action('stopHoldMusic')}`)
    .post({ clientContext: 'unhold-a' });
  assert.equal(unhold['@odata.type'], '#microsoft.graph.stopHoldMusicOperation');
  assert.equal(unhold.status, 'completed');

  // Mute the bot itself, and mute participant A.
  const muted = await graph.api(`${base}/${action('mute')}`).post({ clientContext: 'mute-self' });
  assert.equal(muted['@odata.type'], '#microsoft.graph.muteParticipantOperation');
  assert.equal(muted.status, 'completed');
  const bot = (await graph.api(`${base}/participants/${call.myParticipantId}`).get());
  assert.equal(bot.isMuted, true);
  const mutedA = await graph
    .api(`${base}/participants/${participantA.id}/${action('mute')}`)
    .post({ clientContext: 'mute-a' });
  assert.equal(mutedA['@odata.type'], '#microsoft.graph.muteParticipantOperation');

  // Remove C, who joined: 204 (the client resolves with nothing), and C is gone: the next
  // roster without C (each roster notification is the whole roster) still has A.
  assert.equal(await graph.api(`${base}/participants/${participantC}`).delete(), undefined);
  await rejectsWithGraphError(graph.api(`${base}/participants/${participantC}`).get(), 404, 'itemNotFound', GraphError);
  const removed = await waitForNotification(
    call.id,
    'the roster without C',
    (n) => isRoster(n) && !rosterIds(n).includes(participantC),
    { since: withC.index + 1 },
  );
  assert.ok(rosterIds(removed.notification).includes(participantA.id), 'A is still in the roster');

  // Invite D and cancel the invitation before D answers: 204, and the invitation fails with 487.
  const participantD = randomUUID();
  const inviteD = await graph
    .api(`${base}/participants/${action('invite')}`)
    .post({ participants: [invitee(userD, participantD)], clientContext: 'invite-d' });
  assert.equal(inviteD.status, 'Running');
  assert.equal(await graph.api(`${base}/participants/${participantD}`).delete(), undefined);
  const cancelled = await waitForNotification(call.id, 'the cancelled invitation', isOperation(call.id, inviteD.id));
  assert.equal(cancelled.notification.resourceData.status, 'Failed');
  assert.equal(cancelled.notification.resourceData.resultInfo.code, 487);

  // Hang up: terminating, then deleted; afterwards the call is not found (8522).
  assert.equal(await graph.api(base).delete(), undefined);
  const ended = await waitForNotification(call.id, 'the call deleted', (n) => isCall(call.id)(n) && n.changeType === 'deleted');
  assert.equal(ended.notification.resourceData.state, 'terminated');
  await rejectsWithGraphError(graph.api(base).get(), 404, '8522', GraphError);

  // Every notification reached the bot, and each one's token verifies as a bot checks it,
  // with the keys named by the mock's OpenID configuration.
  const { keys } = await loadSigningKeys(`${env.origin}/_mock/.well-known/openid-configuration`);
  const posts = await notificationsOf(call.id);
  assert.ok(posts.length >= 8, `${posts.length} notifications`);
  for (const post of posts) {
    assert.equal(post.path, `/api/calls/${namespace}`);
    const { claims } = verifyNotificationToken(post.headers.authorization, { keys, appId: env.appId });
    assert.equal(claims.tid, env.tenantId);
    assert.equal(post.headers['x-microsoft-skype-chain-id'], call.callChainId);
    assert.match(post.headers['user-agent'], /^Microsoft-Skype\//);
    assert.ok(post.headers['scenario-id'], 'Scenario-Id');
    assert.equal(post.body['@odata.type'], '#microsoft.graph.commsNotifications');
  }
  const journal = await waitFor('every delivery in the journal', async () => {
    const entries = (await control('GET', 'journal', { namespace })).json.value;
    const deliveries = entries.filter((e) => e.kind === 'delivery' && e.callId === call.id);
    return deliveries.length >= posts.length ? entries : undefined;
  });
  for (const e of journal.filter((e) => e.kind === 'delivery')) assert.equal(e.outcome, 'delivered', JSON.stringify(e));

  // The mock saw the form the client sent: qualified or plain action segments.
  const actions = journal
    .filter((e) => e.kind === 'request' && e.method === 'POST' && e.path.includes(`/calls/${call.id}/`))
    .map((e) => e.path.split('/').pop());
  assert.ok(actions.length >= 7, actions.join());
  for (const segment of actions) assert.equal(segment.startsWith('microsoft.graph.'), qualified, segment);
}

test('the whole call with plain action paths', async () => {
  await flow('js-flow-plain', false);
});

test('the whole call with every action in its microsoft.graph. form', async () => {
  await flow('js-flow-qualified', true);
});

// A caller rings the bot (the control plane plays the caller): `created` with state incoming,
// whose token names the bot's app (the call's application target) as its audience; the bot
// answers (202, no body), keeps the call alive (200, no body), and hangs up.
async function incoming(namespace, qualified) {
  const action = (name) => (qualified ? `microsoft.graph.${name}` : name);
  const graph = makeGraphClient(graphUrlIn(namespace), () => graphToken(msal));
  const callbackUri = `${env.receiverUrl}/api/calls/${namespace}`;
  const rung = await control('POST', 'calls/incoming', {
    namespace,
    body: {
      tenantId: env.tenantId,
      callbackUri,
      requestedModalities: ['audio'],
      source: { '@odata.type': '#microsoft.graph.participantInfo', identity: identitySet('user', randomUUID(), 'Caller') },
      targets: [{ '@odata.type': '#microsoft.graph.invitationParticipantInfo', identity: identitySet('application', env.appId, 'Test bot') }],
    },
  });
  assert.equal(rung.status, 201, rung.text);
  const callId = rung.json.id;
  const created = await waitForNotification(callId, 'the incoming call', (n) => isCall(callId)(n) && n.changeType === 'created');
  assert.equal(created.notification.resourceData.state, 'incoming');

  const base = `/communications/calls/${callId}`;
  const answer = await graph.api(`${base}/${action('answer')}`).post({
    callbackUri,
    acceptedModalities: ['audio'],
    mediaConfig: { '@odata.type': '#microsoft.graph.serviceHostedMediaConfig' },
  });
  assert.ok(answer === undefined || answer === null || typeof answer === 'object', 'answer resolves (202, no body)');
  await waitForNotification(callId, 'established', (n) => isCall(callId)(n) && n.resourceData.state === 'established');
  // Answering twice is refused and changes nothing: 400 through the client.
  await rejectsWithGraphError(
    graph.api(`${base}/${action('answer')}`).post({ callbackUri, acceptedModalities: ['audio'], mediaConfig: { '@odata.type': '#microsoft.graph.serviceHostedMediaConfig' } }),
    400, 'BadRequest', GraphError,
  );
  await graph.api(`${base}/${action('keepAlive')}`).post({});
  assert.equal(await graph.api(base).delete(), undefined);
  await waitForNotification(callId, 'the call deleted', (n) => isCall(callId)(n) && n.changeType === 'deleted');

  const { keys } = await loadSigningKeys(`${env.origin}/_mock/.well-known/openid-configuration`);
  for (const post of await notificationsOf(callId))
    verifyNotificationToken(post.headers.authorization, { keys, appId: env.appId });
}

test('an incoming call answered, kept alive and hung up (plain paths)', async () => {
  await incoming('js-incoming-plain', false);
});

test('an incoming call answered, kept alive and hung up (microsoft.graph. form)', async () => {
  await incoming('js-incoming-qualified', true);
});
