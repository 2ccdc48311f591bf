// The soak's load (see soak.sh): calls created, acted on and hung up for `seconds`, half with a
// callback port nothing listens on (a dead bot), half with a bot that answers after `slowMs`.
// Prints one line: "requests p50_ms p99_ms errors". Node 18+, no dependencies.
import http from "node:http";

const [port, seconds, slowMs] = process.argv.slice(2).map(Number);
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

// The slow bot: answers every notification after slowMs.
const slow = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => setTimeout(() => { res.writeHead(202); res.end(); }, slowMs));
});
await new Promise((ok) => slow.listen(0, "127.0.0.1", ok));
// The dead bot: a port that was free a moment ago, on which nothing listens.
const probe = http.createServer();
await new Promise((ok) => probe.listen(0, "127.0.0.1", ok));
const deadPort = probe.address().port;
await new Promise((ok) => probe.close(ok));
const bots = [`http://127.0.0.1:${slow.address().port}/api/calls`,
              `http://127.0.0.1:${deadPort}/api/calls`];

function request(method, path, body) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const req = http.request({ host: "127.0.0.1", port, method, path, agent,
      headers: { "Content-Type": "application/json", Authorization: "Bearer soak" } }, (res) => {
      let text = "";
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode, text,
        ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    });
    req.on("error", () => resolve({ status: 0, text: "", ms: 0 }));
    req.end(body);
  });
}

const latencies = [];
let errors = 0;
async function timed(method, path, body, ok) {
  const r = await request(method, path, body);
  latencies.push(r.ms);
  if (!ok.includes(r.status)) errors++;
  return r;
}

const calls = "/v1.0/communications/calls";
async function churn(worker) {
  const end = Date.now() + seconds * 1000;
  for (let i = 0; Date.now() < end; i++) {
    const body = JSON.stringify({
      "@odata.type": "#microsoft.graph.call", callbackUri: bots[(worker + i) % 2],
      requestedModalities: ["audio"],
      mediaConfig: { "@odata.type": "#microsoft.graph.serviceHostedMediaConfig" },
      targets: [{ identity: { user: { id: "8a3b1f27-0c4d-4e5f-9a6b-7c8d9e0f1a2b" } } }],
      tenantId: "aa67bd4c-8475-432d-bd41-39f255720e0a" });
    const created = await timed("POST", calls, body, [201]);
    if (created.status !== 201) continue;
    const id = JSON.parse(created.text).id;
    await timed("POST", `${calls}/${id}/keepAlive`, "", [200]);
    await timed("GET", `${calls}/${id}`, undefined, [200]);
    await timed("POST", `${calls}/${id}/keepAlive`, "", [200]);
    await timed("DELETE", `${calls}/${id}`, undefined, [204]);
  }
}

await Promise.all([0, 1, 2, 3].map(churn));
latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
console.log(`${latencies.length} ${at(0.5).toFixed(2)} ${at(0.99).toFixed(2)} ${errors}`);
agent.destroy();
slow.close();
