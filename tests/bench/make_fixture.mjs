// Writes a fixture with N group calls of P participants each, for the scale benchmarks.
// usage: node make_fixture.mjs CALLS PARTICIPANTS CALLBACK_URL [STATE] > fixture.json
// (STATE: established by default; "establishing" calls come up, and notify, once loaded)
const [calls, participants, callback, state] = [Number(process.argv[2]), Number(process.argv[3]),
                                                process.argv[4] ?? "http://127.0.0.1:9/api/calls",
                                                process.argv[5] ?? "established"];
const hex = (n, width) => n.toString(16).padStart(width, "0");
const id = (kind, n) => `${hex(kind, 8)}-0000-4000-8000-${hex(n, 12)}`;
process.stdout.write('{"calls": [');
for (let c = 0; c < calls; c++) {
  const people = [];
  for (let p = 0; p < participants; p++)
    people.push({
      id: id(2, c * participants + p),
      info: { identity: p === 0 ? { application: { id: "bot-app" } }
                                : { user: { id: id(3, c * participants + p) } } },
      mediaStreams: [{ mediaType: "audio", sourceId: String(p + 1), direction: "sendReceive" }],
    });
  const call = {
    id: id(1, c), state, callbackUri: callback, tenantId: "tenant",
    myParticipantId: people[0].id,
    chatInfo: { threadId: `19:bench-${c}@thread.v2` },
    mediaConfig: { "@odata.type": "#microsoft.graph.serviceHostedMediaConfig" },
    participants: people,
  };
  process.stdout.write((c ? "," : "") + JSON.stringify(call));
}
process.stdout.write("]}\n");
