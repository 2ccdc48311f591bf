// MSAL's ConfidentialClientApplication against the mock's token authority: a client secret, a
// certificate (SHA-1 and SHA-256 thumbprints), which requests MSAL makes, and what the Graph
// client needs to send the token at all.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { GraphError } from '@microsoft/microsoft-graph-client';
import { GRAPH_SCOPE, certificateCredential, graphToken, makeGraphClient, makeMsal } from '../lib/bot.mjs';
import { env, graphUrlIn, rejectsWithGraphError } from '../lib/harness.mjs';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { Client } from '@microsoft/microsoft-graph-client';

const NAMESPACE = 'js-auth';
const FIXTURE_CALL = 'e141b67c-90fd-455d-858b-b48a40b9cc8d'; // in fixtures/default.json
const certificatePem = fs.readFileSync(env.appCertificate, 'utf8');
const privateKeyPem = fs.readFileSync(env.appKey, 'utf8');

function claimsOf(jwt) {
  const [header, payload] = jwt.split('.').slice(0, 2).map((s) => JSON.parse(Buffer.from(s, 'base64url')));
  return { header, payload };
}

// Records the URLs MSAL asks for (without the client-request-id query MSAL adds), passing each
// request on to MSAL's own network client.
function recordRequests(msal) {
  const seen = { urls: [], forms: [] };
  const real = msal.config.system.networkClient;
  const record = (method, url) => seen.urls.push(`${method} ${url.split('?')[0]}`);
  msal.config.system.networkClient = {
    sendGetRequestAsync: (url, options, timeout) => {
      record('GET', url);
      return real.sendGetRequestAsync(url, options, timeout);
    },
    sendPostRequestAsync: (url, options) => {
      record('POST', url);
      seen.forms.push(new URLSearchParams(options.body));
      return real.sendPostRequestAsync(url, options);
    },
  };
  return seen;
}

// The token works: the Graph client reads a call of the fixture with it.
async function graphAccepts(token) {
  const graph = makeGraphClient(graphUrlIn(NAMESPACE), async () => token);
  const call = await graph.api(`/communications/calls/${FIXTURE_CALL}`).get();
  assert.equal(call.id, FIXTURE_CALL);
}

function assertGraphToken(accessToken, credentialType) {
  const { payload } = claimsOf(accessToken);
  assert.equal(payload.aud, 'https://graph.microsoft.com');
  assert.equal(payload.appid, env.appId);
  assert.equal(payload.tid, env.tenantId);
  assert.equal(payload.appidacr, credentialType); // "1": secret, "2": certificate
  assert.ok(payload.roles.includes('Calls.Initiate.All'));
}

test('client secret: MSAL discovers the endpoints, gets a token, then serves it from its cache', async () => {
  const msal = makeMsal({ authorityHost: env.authorityHost, tenantId: env.tenantId, clientId: env.appId, clientSecret: env.appSecret });
  const seen = recordRequests(msal);
  const first = await msal.acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] });
  assert.equal(first.tokenType, 'Bearer');
  assert.equal(first.fromCache, false);
  assert.ok(first.expiresOn.getTime() > Date.now() + 50 * 60 * 1000, `expires ${first.expiresOn}`);
  assert.equal(first.authority, `${env.authorityHost}/${env.tenantId}/`);
  assertGraphToken(first.accessToken, '1');
  // Only the mock was asked: its OpenID configuration, then its token endpoint. No instance
  // discovery at login.microsoftonline.com, thanks to knownAuthorities.
  const authority = `${env.authorityHost}/${env.tenantId}`;
  assert.deepEqual(seen.urls, [
    `GET ${authority}/v2.0/.well-known/openid-configuration`,
    `POST ${authority}/oauth2/v2.0/token`,
  ]);
  const second = await msal.acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] });
  assert.equal(second.fromCache, true);
  assert.equal(second.accessToken, first.accessToken);
  assert.equal(seen.urls.length, 2);
  await graphAccepts(first.accessToken);
});

for (const sha256 of [false, true]) {
  const name = sha256 ? 'SHA-256 thumbprint (x5t#S256, PS256)' : 'SHA-1 thumbprint (x5t, RS256)';
  test(`certificate, ${name}: MSAL's client assertion is accepted`, async () => {
    const msal = makeMsal({
      authorityHost: env.authorityHost,
      tenantId: env.tenantId,
      clientId: env.appId,
      clientCertificate: certificateCredential(certificatePem, privateKeyPem, { sha256 }),
    });
    const seen = recordRequests(msal);
    const token = await graphToken(msal);
    assertGraphToken(token, '2');
    assert.equal(seen.urls.length, 2, seen.urls.join('\n'));
    const form = seen.forms[0];
    assert.equal(form.get('client_assertion_type'), 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    assert.equal(form.get('client_secret'), null);
    const assertion = claimsOf(form.get('client_assertion'));
    assert.equal(assertion.header.alg, sha256 ? 'PS256' : 'RS256');
    assert.ok(assertion.header[sha256 ? 'x5t#S256' : 'x5t'], JSON.stringify(assertion.header));
    assert.equal(assertion.payload.aud, `${env.authorityHost}/${env.tenantId}/oauth2/v2.0/token`);
    assert.equal(assertion.payload.iss, env.appId);
    await graphAccepts(token);
  });
}

test('a certificate the app does not have is refused (invalid_client, AADSTS700027)', async () => {
  // The right thumbprint's header, but another key: the mock checks the signature.
  const { privateKey } = await import('node:crypto').then((c) => c.generateKeyPairSync('rsa', { modulusLength: 2048 }));
  const msal = makeMsal({
    authorityHost: env.authorityHost,
    tenantId: env.tenantId,
    clientId: env.appId,
    clientCertificate: {
      ...certificateCredential(certificatePem, privateKeyPem),
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }),
    },
  });
  await assert.rejects(graphToken(msal), (e) => {
    assert.equal(e.name, 'ServerError');
    assert.equal(e.errorCode, 'invalid_client');
    assert.equal(Number(e.errorNo), 700027);
    return true;
  });
});

test("cloudDiscoveryMetadata and authorityMetadata (the mock's own documents) instead of knownAuthorities", async () => {
  const authority = `${env.authorityHost}/${env.tenantId}`;
  const discovery = await (await fetch(`${env.authorityHost}/common/discovery/instance?api-version=1.1&authorization_endpoint=${authority}/oauth2/v2.0/authorize`)).text();
  const metadata = await (await fetch(`${authority}/v2.0/.well-known/openid-configuration`)).text();
  const msal = new ConfidentialClientApplication({
    auth: {
      clientId: env.appId,
      clientSecret: env.appSecret,
      authority,
      cloudDiscoveryMetadata: discovery,
      authorityMetadata: metadata,
    },
  });
  const seen = recordRequests(msal);
  assertGraphToken(await graphToken(msal), '1');
  assert.deepEqual(seen.urls, [`POST ${authority}/oauth2/v2.0/token`]);
});

test('without customHosts the Graph client sends no token to the mock: 401 InvalidAuthenticationToken', async () => {
  const msal = makeMsal({ authorityHost: env.authorityHost, tenantId: env.tenantId, clientId: env.appId, clientSecret: env.appSecret });
  let asked = 0;
  const url = new URL(graphUrlIn(NAMESPACE));
  const graph = Client.init({
    baseUrl: `${url.origin}/_ns/${NAMESPACE}/`,
    defaultVersion: 'v1.0',
    authProvider: (done) => {
      asked += 1;
      graphToken(msal).then((t) => done(null, t), (e) => done(e, null));
    },
  });
  const error = await rejectsWithGraphError(graph.api(`/communications/calls/${FIXTURE_CALL}`).get(), 401, 'InvalidAuthenticationToken', GraphError);
  assert.match(error.message, /empty/i);
  assert.equal(asked, 0, 'the client never asked for a token');
});
