// What a calling bot's own code does with the unmodified Microsoft libraries: MSAL's
// ConfidentialClientApplication gets an app-only token for Graph, the Graph client sends the
// calls API requests with it, and every notification's bearer token is checked the way the
// sample bots check it. The only mock-specific inputs are two base URLs and a trusted CA
// (NODE_EXTRA_CA_CERTS, set before Node starts).
import crypto from 'node:crypto';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { Client } from '@microsoft/microsoft-graph-client';

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

// MSAL, pointed at the mock's token authority. `authorityHost` is e.g. https://localhost:8080.
// knownAuthorities is the one setting the mock needs: without it MSAL validates an unknown host
// by asking https://login.microsoftonline.com/common/discovery/instance (the real cloud).
export function makeMsal({ authorityHost, tenantId, clientId, clientSecret, clientCertificate }) {
  const authority = new URL(authorityHost);
  return new ConfidentialClientApplication({
    auth: {
      clientId,
      authority: `${authority.origin}/${tenantId}`,
      knownAuthorities: [authority.host],
      ...(clientSecret !== undefined ? { clientSecret } : {}),
      ...(clientCertificate !== undefined ? { clientCertificate } : {}),
    },
  });
}

// The certificate credential as MSAL takes it: the private key and the certificate's SHA-1
// (x5t, RS256 assertion) or SHA-256 (x5t#S256, PS256 assertion) thumbprint in hex.
export function certificateCredential(certificatePem, privateKeyPem, { sha256 = false } = {}) {
  const certificate = new crypto.X509Certificate(certificatePem);
  const thumbprint = (sha256 ? certificate.fingerprint256 : certificate.fingerprint).replaceAll(':', '');
  return sha256
    ? { thumbprintSha256: thumbprint, privateKey: privateKeyPem }
    : { thumbprint, privateKey: privateKeyPem };
}

// An access token for Graph from MSAL (from its cache while it is valid).
export async function graphToken(msal) {
  const result = await msal.acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] });
  if (!result || !result.accessToken) throw new Error('MSAL returned no access token');
  return result.accessToken;
}

// The Graph client at the mock. `graphUrl` is the Graph base URL with its version, e.g.
// https://localhost:8080/v1.0. customHosts is needed: the client attaches the token (and its
// telemetry headers) only to https URLs whose host is graph.microsoft.com, a national cloud's, or
// one of customHosts (a host name, without port).
export function makeGraphClient(graphUrl, getToken) {
  const url = new URL(graphUrl.replace(/\/+$/, ''));
  const slash = url.pathname.lastIndexOf('/');
  return Client.init({
    baseUrl: `${url.origin}${url.pathname.slice(0, slash + 1)}`, // the URL before the version
    defaultVersion: url.pathname.slice(slash + 1), // v1.0 or beta
    customHosts: new Set([url.hostname]),
    authProvider: (done) => {
      getToken().then(
        (token) => done(null, token),
        (error) => done(error, null),
      );
    },
  });
}

// The issuers a notification token may come from, as the sample bots list them.
export const NOTIFICATION_ISSUERS = ['https://api.botframework.com', 'https://graph.microsoft.com'];
const TENANT_CLAIM = 'http://schemas.microsoft.com/identity/claims/tenantid';
const CLOCK_SKEW_S = 300;

// The signing keys named by an OpenID configuration (`jwks_uri`), by key id.
export async function loadSigningKeys(openIdConfigurationUrl) {
  const config = await getJson(openIdConfigurationUrl);
  if (!config.jwks_uri) throw new Error(`${openIdConfigurationUrl} has no jwks_uri`);
  const jwks = await getJson(config.jwks_uri);
  const keys = new Map();
  for (const jwk of jwks.keys || [])
    if (jwk.kty === 'RSA' && jwk.kid) keys.set(jwk.kid, crypto.createPublicKey({ key: jwk, format: 'jwk' }));
  return { issuer: config.issuer, jwksUri: config.jwks_uri, keys };
}

async function getJson(url) {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return response.json();
}

function decodeSegment(segment) {
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
}

// A notification's `Authorization` header checked as a bot does: RS256 signed by a key of the
// JWKS, an accepted issuer, the bot's app id as audience, a tenant id, and within its lifetime.
// Returns { header, claims }; throws saying what is wrong.
export function verifyNotificationToken(authorization, { keys, appId, now = Date.now() / 1000 }) {
  const match = /^Bearer ([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(authorization || '');
  if (!match) throw new Error('no bearer JWT');
  const header = decodeSegment(match[1]);
  if (header.alg !== 'RS256') throw new Error(`alg ${header.alg}, not RS256`);
  const key = keys.get(header.kid);
  if (!key) throw new Error(`kid ${header.kid} is not in the JWKS`);
  const signed = Buffer.from(`${match[1]}.${match[2]}`);
  if (!crypto.verify('RSA-SHA256', signed, key, Buffer.from(match[3], 'base64url')))
    throw new Error('signature does not verify');
  const claims = decodeSegment(match[2]);
  if (!NOTIFICATION_ISSUERS.includes(claims.iss)) throw new Error(`issuer ${claims.iss}`);
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(appId)) throw new Error(`audience ${claims.aud}, not ${appId}`);
  if (!claims.tid && !claims[TENANT_CLAIM]) throw new Error('no tenant id claim');
  if (typeof claims.exp !== 'number' || claims.exp + CLOCK_SKEW_S < now) throw new Error('expired');
  if (typeof claims.nbf === 'number' && claims.nbf - CLOCK_SKEW_S > now) throw new Error('not valid yet');
  return { header, claims };
}
