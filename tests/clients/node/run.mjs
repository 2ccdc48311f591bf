// Runs the real JavaScript clients (tests/clients/node/test/*.test.mjs) against the real binary:
//
//   node run.mjs [path/to/graph-comms-mock [test files...]]   (or GCM_BINARY; default build/debug/...)
//
// 1. makes a temporary folder with a client certificate (openssl) and a fixture: the default
//    fixture plus `_mock.apps` (the test bot with a secret and that certificate, every calling
//    role; and an app granted Calls.AccessMedia.All only);
// 2. starts the bot's callback receiver (plain HTTP on 127.0.0.1:0): it answers every
//    notification 202 and keeps it, headers and body, for the tests (GET /_received);
// 3. starts the mock with --port 0 --auth jwt --tls-ca-out and reads the port from its one
//    "listening on" line;
// 4. runs `node --test` in a child process, with NODE_EXTRA_CA_CERTS naming the mock's CA (Node
//    reads it once at start, so it must be in the child's environment) and the URLs in GCM_*;
// 5. stops the mock with SIGTERM and requires exit code 0.
// Every wait has a deadline. Exit code 0 when the tests pass and the mock stopped cleanly.
// GCM_CLIENT_HOST names the mock to the clients (default localhost; 127.0.0.1 works too: both
// are in the certificate the mock makes).
import { spawn, execFileSync } from 'node:child_process';
import { randomUUID, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const binary = path.resolve(
  process.argv[2] || process.env.GCM_BINARY || path.join(repo, 'build/debug/server/cli/graph-comms-mock'),
);
const only = process.argv.slice(3); // test files to run instead of all of test/*.test.mjs
const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CALLING_ROLES = [
  'Calls.Initiate.All',
  'Calls.InitiateGroupCall.All',
  'Calls.JoinGroupCall.All',
  'Calls.JoinGroupCallAsGuest.All',
  'Calls.AccessMedia.All',
];
const STARTUP_MS = 10_000;
const TESTS_MS = 120_000;
const STOP_MS = 10_000;

function log(message) {
  process.stderr.write(`run.mjs: ${message}\n`);
}

// A child's exit, or null when the deadline passes first.
function exitOf(child, ms) {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), ms);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

// The "listening on" line's port, read from the child's stdout within `ms`.
function listeningPort(child, ms) {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no "listening on" line within ${ms} ms`)), ms);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const match = /graph-comms-mock listening on https?:\/\/[^\s]+:(\d+)\s*$/m.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the mock exited with ${code} before listening`));
    });
  });
}

// The bot's callback endpoint: every notification is answered 202 and kept as it came.
function startReceiver() {
  const received = [];
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/_received') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(received));
      return;
    }
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST') {
        res.writeHead(405).end();
        return;
      }
      received.push({
        path: req.url,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      });
      res.writeHead(202).end();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

// A self-signed certificate for the client-assertion case, made by the openssl command line
// (Node's crypto can read certificates but not make them).
function makeClientCertificate(dir) {
  const key = path.join(dir, 'bot-key.pem');
  const cert = path.join(dir, 'bot-cert.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert,
     '-days', '2', '-subj', '/CN=graph-comms-mock JS client test bot'],
    { stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 },
  );
  new X509Certificate(fs.readFileSync(cert)); // fails here if openssl wrote something else
  return { key, cert };
}

async function main() {
  if (!fs.existsSync(binary)) throw new Error(`no mock binary at ${binary} (build it, or pass its path)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcm-js-clients-'));
  let mock;
  let receiver;
  const mockLog = path.join(dir, 'mock.log');
  const printMockLog = () => {
    if (fs.existsSync(mockLog)) process.stderr.write(`--- mock stderr ---\n${fs.readFileSync(mockLog, 'utf8')}`);
  };
  try {
    const bot = {
      appId: randomUUID(),
      secret: `secret-${randomUUID()}`,
      limitedAppId: randomUUID(),
      limitedSecret: `secret-${randomUUID()}`,
    };
    const { key, cert } = makeClientCertificate(dir);
    const fixture = JSON.parse(fs.readFileSync(path.join(repo, 'fixtures/default.json'), 'utf8'));
    fixture._mock = {
      apps: [
        {
          appId: bot.appId,
          displayName: 'JS client test bot',
          secrets: [bot.secret],
          certificates: [fs.readFileSync(cert, 'utf8')],
          roles: CALLING_ROLES,
        },
        {
          appId: bot.limitedAppId,
          displayName: 'JS client test bot without calling roles',
          secrets: [bot.limitedSecret],
          roles: ['Calls.AccessMedia.All'],
        },
      ],
    };
    // The fixture's calls are the test bot's: under --auth jwt a call answers only its own app.
    for (const call of fixture.calls) call._mock = { ...call._mock, appId: bot.appId };
    const fixturePath = path.join(dir, 'fixture.json');
    fs.writeFileSync(fixturePath, JSON.stringify(fixture, null, 2));

    receiver = await startReceiver();
    const receiverUrl = `http://127.0.0.1:${receiver.address().port}`;

    const caPath = path.join(dir, 'ca.pem');
    const mockErr = fs.openSync(mockLog, 'w');
    mock = spawn(
      binary,
      ['--port', '0', '--auth', 'jwt', '--tls-ca-out', caPath, '--fixtures', fixturePath,
       '--tenant-id', TENANT_ID, '--invite-answer-ms', '600000', '--shutdown-grace-ms', '1000'],
      { stdio: ['ignore', 'pipe', mockErr] },
    );
    fs.closeSync(mockErr);
    const port = await listeningPort(mock, STARTUP_MS);
    if (!fs.existsSync(caPath)) throw new Error(`--tls-ca-out wrote nothing to ${caPath}`);
    const host = process.env.GCM_CLIENT_HOST || 'localhost';
    const origin = `https://${host}:${port}`;
    log(`mock on port ${port} (${origin}), receiver at ${receiverUrl}`);

    const tests = only.length
      ? only
      : fs
          .readdirSync(path.join(here, 'test'))
          .filter((f) => f.endsWith('.test.mjs'))
          .sort()
          .map((f) => path.join('test', f));
    const child = spawn(process.execPath, ['--test', '--test-reporter=spec', ...tests], {
      cwd: here,
      stdio: 'inherit',
      env: {
        ...process.env,
        NODE_EXTRA_CA_CERTS: caPath,
        GCM_ORIGIN: origin,
        GCM_GRAPH_URL: `${origin}/v1.0`,
        GCM_AUTHORITY_HOST: origin,
        GCM_RECEIVER_URL: receiverUrl,
        GCM_TENANT_ID: TENANT_ID,
        GCM_APP_ID: bot.appId,
        GCM_APP_SECRET: bot.secret,
        GCM_APP_CERT: cert,
        GCM_APP_KEY: key,
        GCM_LIMITED_APP_ID: bot.limitedAppId,
        GCM_LIMITED_APP_SECRET: bot.limitedSecret,
      },
    });
    const tested = await exitOf(child, TESTS_MS);
    if (!tested) {
      child.kill('SIGKILL');
      throw new Error(`the tests did not finish within ${TESTS_MS} ms`);
    }

    mock.kill('SIGTERM');
    const stopped = await exitOf(mock, STOP_MS);
    let failed = tested.code !== 0;
    if (!stopped) {
      mock.kill('SIGKILL');
      log(`the mock did not stop within ${STOP_MS} ms of SIGTERM`);
      failed = true;
    } else if (stopped.code !== 0) {
      log(`the mock exited with ${stopped.code ?? stopped.signal} after SIGTERM, not 0`);
      failed = true;
    } else {
      log('the mock stopped on SIGTERM with exit code 0');
    }
    mock = undefined;
    if (failed) printMockLog();
    return failed ? 1 : 0;
  } catch (error) {
    printMockLog();
    throw error;
  } finally {
    if (mock) {
      mock.kill('SIGKILL');
      await exitOf(mock, STOP_MS);
    }
    if (receiver) receiver.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    log(`error: ${error.message}`);
    process.exit(1);
  },
);
