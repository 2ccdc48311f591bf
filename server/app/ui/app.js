// The inspector: reads the namespace's journal as Server-Sent Events (../events), keeps a model
// of its calls, and draws it. Plain JavaScript, no framework and no build step: the binary serves
// this file as it is (server/app/embed_assets.cmake), so the page works offline.
//
// How the model stays right: the journal is replayed from its start (?since=0), which fills the
// journal list and the calls' state timelines; the calls' current state comes from
// GET ../calls (the engine's own view) taken after the stream's hello, and every later event is
// applied to it at once (so the page moves within a frame of the event), then the call is
// fetched again (coalesced) for what events do not say: pending invitations, hold, operations.
//
// Events are read with fetch() rather than EventSource, which cannot send the Authorization
// header --admin-token asks for; reconnecting with Last-Event-ID is done here.
'use strict';

(() => {
  const ROW = 22; // px: the height of a list row (style.css --row)
  const OVERSCAN = 10;
  const JOURNAL_LIMIT = 50000; // entries kept in the page; the oldest go first
  const REFRESH_DELAY = 60; // ms: a call's refetch waits this long for more of its events
  const TONES = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];
  const toneName = (k) => (k === '*' ? 'star' : k === '#' ? 'pound' : 'tone' + k);

  const $ = (id) => document.getElementById(id);
  const el = (tag, props, ...children) => {
    const e = document.createElement(tag);
    if (props) for (const [k, v] of Object.entries(props)) {
      if (k === 'class') e.className = v;
      else if (k === 'dataset') Object.assign(e.dataset, v);
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    }
    for (const c of children) if (c != null) e.append(c);
    return e;
  };
  const short = (id) => (id && id.length > 13 ? id.slice(0, 8) + '…' : id || '');
  const clock = (iso) => (iso ? iso.slice(11, 23) : '');
  // GUIDs cut to their first 8 digits, so a path fits a row.
  const shortIds = (text) => String(text || '').replace(/([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '$1…');
  const lower = (s) => String(s || '').toLowerCase();

  // ---- state -----------------------------------------------------------------------------
  const state = {
    token: sessionStorage.getItem('gcm-admin-token') || '',
    lastId: null,        // the last event id seen: where a reconnection resumes
    snapshotAfter: 0,    // events up to this sequence are in the snapshot already
    calls: new Map(),    // id -> call model
    callOrder: [],       // ids, oldest first
    journal: [],         // entries (and marker rows), oldest first
    selected: null,      // call id
    detailSeq: null,
    opStarted: new Map(), // operation id -> ISO time of the request that started it
    stats: { events: 0, renders: 0, lastEventToPaintMs: null, maxEventToPaintMs: 0 },
  };
  window.inspector = state; // for tests and the curious

  const callModel = (id) => {
    let c = state.calls.get(id);
    if (!c) {
      c = { id, state: '', direction: '', modalities: [], timeline: [], participants: [],
            invitations: [], operations: [], resource: null, ended: false, created: '' };
      state.calls.set(id, c);
      state.callOrder.push(id);
      if (!state.selected) state.selected = id;
    }
    return c;
  };

  // ---- HTTP --------------------------------------------------------------------------------
  const headers = (extra) => {
    const h = Object.assign({}, extra);
    if (state.token) h.Authorization = 'Bearer ' + state.token;
    return h;
  };

  async function control(method, path, body) {
    const res = await fetch(path, {
      method,
      headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status === 401) askToken();
    if (!res.ok) {
      let message = res.status + ' ' + res.statusText;
      try { message = (await res.json()).error.message; } catch (_) { /* not JSON */ }
      banner(method + ' ' + path + ': ' + message);
      return null;
    }
    banner('');
    const text = await res.text();
    return text ? JSON.parse(text) : {};
  }

  function banner(text) {
    $('banner').hidden = !text;
    $('banner').textContent = text;
  }

  function askToken() {
    const dialog = $('token-dialog');
    if (dialog.open) return;
    dialog.showModal();
    dialog.addEventListener('close', () => {
      state.token = $('token').value;
      sessionStorage.setItem('gcm-admin-token', state.token);
      location.reload();
    }, { once: true });
  }

  // ---- the event stream --------------------------------------------------------------------
  let pending = []; // parsed events not yet applied
  let frameAsked = false;

  async function connect() {
    setConnection('connecting');
    let res;
    try {
      const h = headers({ Accept: 'text/event-stream' });
      if (state.lastId !== null) h['Last-Event-ID'] = String(state.lastId);
      res = await fetch(state.lastId === null ? 'events?since=0' : 'events', { headers: h, cache: 'no-store' });
    } catch (e) {
      return retry();
    }
    if (res.status === 401) { setConnection('error', 'admin token needed'); return askToken(); }
    if (!res.ok || !res.body) return retry();
    setConnection('live');
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        // Cut the blocks out by index and drop them once: slicing the rest off after each block
        // would copy a replay's megabytes once per event.
        let start = 0, end;
        while ((end = buffer.indexOf('\n\n', start)) >= 0) {
          received(buffer.slice(start, end));
          start = end + 2;
        }
        buffer = buffer.slice(start);
      }
    } catch (_) { /* the connection broke: reconnect */ }
    retry();
  }

  function retry() {
    setConnection('connecting');
    setTimeout(connect, 1000);
  }

  function setConnection(s, text) {
    const c = $('connection');
    c.dataset.state = s;
    c.textContent = text || s;
  }

  // One SSE block: its fields (comments and retry: are of no use here).
  function received(block) {
    let name = 'message', id = null, data = '';
    for (const line of block.split('\n')) {
      if (!line || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') name = value;
      else if (field === 'id') id = value;
      else if (field === 'data') data += (data ? '\n' : '') + value;
    }
    if (!data) return;
    let payload;
    try { payload = JSON.parse(data); } catch (_) { return; }
    if (id !== null) state.lastId = Number(id);
    pending.push({ name, payload, at: performance.now() });
    if (!frameAsked) {
      frameAsked = true;
      requestAnimationFrame(frame);
    }
  }

  // Everything received since the last frame, applied at once, then drawn once.
  function frame() {
    frameAsked = false;
    const batch = pending;
    pending = [];
    for (const e of batch) apply(e);
    render();
    if (batch.length) {
      // When the browser paints what this frame drew.
      const first = batch[0].at;
      requestAnimationFrame(() => {
        const ms = performance.now() - first;
        state.stats.lastEventToPaintMs = ms;
        if (batch.length < 50) state.stats.maxEventToPaintMs = Math.max(state.stats.maxEventToPaintMs, ms);
      });
    }
  }

  function apply({ name, payload }) {
    state.stats.events++;
    switch (name) {
      case 'hello':
        $('namespace').textContent = payload.namespace ? 'namespace ' + payload.namespace : 'default namespace';
        state.snapshotAfter = payload.lastSequence;
        loadSnapshot();
        return;
      case 'reset':
        state.calls.clear();
        state.callOrder = [];
        state.selected = null;
        state.opStarted.clear();
        state.journal = [];
        marker('reset: the journal was emptied');
        state.snapshotAfter = payload.lastSequence || 0;
        loadSnapshot();
        return;
      case 'gap':
        return marker(`entries ${payload.from}–${payload.to} are no longer in the journal`);
      case 'overflow':
        return marker('this page read too slowly: reconnecting after ' + payload.resumeAfter);
      case 'gone':
        banner('The namespace was deleted.');
        return marker('the namespace was deleted');
      case 'message':
        return entry(payload);
      default:
    }
  }

  function marker(text) {
    state.journal.push({ kind: 'marker', text, sequence: null });
  }

  // ---- the model: journal entries --------------------------------------------------------
  function entry(e) {
    state.journal.push(e);
    if (state.journal.length > JOURNAL_LIMIT) state.journal.splice(0, state.journal.length - JOURNAL_LIMIT);
    const live = e.sequence > state.snapshotAfter;
    if (e.kind === 'request') {
      // The operation a request started: when its invitation began to ring.
      const op = e.response && e.response['@odata.type'] && e.response.id && /Operation$/.test(e.response['@odata.type']) ? e.response : null;
      if (op) state.opStarted.set(op.id, e.time);
      if (!e.callId) return;
      const created = e.method === 'POST' && /\/communications\/calls(\?|$)/.test(e.path) && e.status === 201;
      if (created && e.response) {
        const c = callModel(e.callId);
        c.created = c.created || e.time;
        if (live) fromResource(c, e.response);
      }
      if (live && state.calls.has(e.callId)) {
        if (op) upsert(state.calls.get(e.callId).operations, op);
        refresh(e.callId);
      }
      return;
    }
    if (!e.callId || e.kind === 'delivery') return;
    const c = callModel(e.callId);
    if (e.kind === 'callStateChanged') {
      c.timeline.push({ state: e.state, time: e.time });
      if (live) {
        c.state = e.state;
        if (e.state === 'terminated') c.ended = true;
      }
    }
    if (!live) return;
    if (e.kind === 'rosterChanged') {
      for (const p of e.updated || []) upsert(c.participants, p);
      for (const p of e.removed || []) c.participants = c.participants.filter((x) => x.id !== p.id);
    } else if (e.kind === 'operationFinished' && e.operation) {
      upsert(c.operations, e.operation);
    }
    refresh(e.callId);
  }

  const upsert = (list, item) => {
    const i = list.findIndex((x) => x.id === item.id);
    if (i < 0) list.push(item);
    else list[i] = Object.assign({}, list[i], item);
  };

  // A call as GET ../calls exports it (its resource, participants, operations and _mock).
  function fromExport(c, x) {
    fromResource(c, x);
    c.participants = x.participants || [];
    c.operations = x.operations || [];
    c.invitations = (x._mock && x._mock.pendingInvitations) || [];
  }

  function fromResource(c, r) {
    c.resource = r;
    c.state = r.state || c.state;
    c.direction = r.direction || c.direction;
    c.modalities = r.requestedModalities || c.modalities;
    if (c.state === 'terminated') c.ended = true;
  }

  async function loadSnapshot() {
    const snapshot = await control('GET', 'calls');
    if (!snapshot) return;
    for (const x of snapshot.calls || []) fromExport(callModel(x.id), x);
    scheduleRender();
  }

  // The call as the engine has it now, once its burst of events is over.
  const refreshing = new Map();
  function refresh(id) {
    if (refreshing.has(id)) return;
    refreshing.set(id, setTimeout(async () => {
      refreshing.delete(id);
      const c = state.calls.get(id);
      if (!c) return;
      const res = await fetch('calls/' + encodeURIComponent(id), { headers: headers() });
      if (res.status === 404) {
        // Gone from the engine: it ended. What it last was stays on the page.
        c.ended = true;
        c.invitations = [];
        if (c.state !== 'terminated') c.state = 'terminated';
      } else if (res.ok) {
        fromExport(c, await res.json());
      }
      scheduleRender();
    }, REFRESH_DELAY));
  }

  function scheduleRender() {
    if (!frameAsked) {
      frameAsked = true;
      requestAnimationFrame(frame);
    }
  }

  // ---- virtual lists -------------------------------------------------------------------
  // A list that keeps in the DOM only the rows in view (and a few more): its height comes from
  // a spacer, and each visible row is absolutely placed. Rows are reused from frame to frame.
  class VirtualList {
    constructor(container, draw, onClick) {
      this.container = container;
      this.draw = draw;
      this.count = 0;
      this.spacer = el('div', { style: 'height:0px' });
      container.append(this.spacer);
      this.rows = new Map(); // index -> element
      container.addEventListener('scroll', () => this.paint(), { passive: true });
      container.addEventListener('click', (ev) => {
        const row = ev.target.closest('.row');
        if (row) onClick(Number(row.dataset.index));
      });
    }
    update(count, scrollToEnd) {
      this.count = count;
      this.spacer.style.height = count * ROW + 'px';
      if (scrollToEnd) this.container.scrollTop = this.container.scrollHeight;
      this.paint(true);
    }
    atEnd() {
      const c = this.container;
      return c.scrollTop + c.clientHeight >= c.scrollHeight - ROW * 2;
    }
    paint(redraw) {
      const c = this.container;
      const first = Math.max(0, Math.floor(c.scrollTop / ROW) - OVERSCAN);
      const last = Math.min(this.count, Math.ceil((c.scrollTop + c.clientHeight) / ROW) + OVERSCAN);
      for (const [i, row] of this.rows) if (i < first || i >= last) { row.remove(); this.rows.delete(i); }
      for (let i = first; i < last; i++) {
        let row = this.rows.get(i);
        const fresh = !row;
        if (fresh) {
          row = el('div', { class: 'row' });
          row.style.top = i * ROW + 'px';
          row.dataset.index = i;
          this.rows.set(i, row);
          c.append(row);
        }
        if (fresh || redraw) this.draw(row, i);
      }
    }
  }

  // ---- drawing -----------------------------------------------------------------------------
  let visibleCalls = [];
  let visibleJournal = [];

  const callsList = new VirtualList($('calls'), (row, i) => {
    const c = state.calls.get(visibleCalls[i]);
    if (!c) return;
    row.className = 'row' + (c.id === state.selected ? ' selected' : '') + (c.ended ? ' ended' : '');
    row.dataset.id = c.id;
    row.replaceChildren(
      el('span', { class: 'dot ' + c.state }),
      short(c.id) + '  ',
      el('span', { class: 'state ' + c.state }, c.state || '?'),
      `  ${c.direction || ''} ${(c.modalities || []).join('+')} · ${c.participants.length} people`);
  }, (i) => select(visibleCalls[i]));

  const journalList = new VirtualList($('journal'), (row, i) => {
    const e = visibleJournal[i];
    if (!e) return;
    row.dataset.seq = e.sequence == null ? '' : e.sequence;
    row.className = 'row ' + kindClass(e) + (e.sequence != null && e.sequence === state.detailSeq ? ' selected' : '');
    row.replaceChildren(
      el('span', { class: 'seq' }, e.sequence == null ? '' : String(e.sequence)),
      el('span', { class: 't' }, clock(e.time)),
      describe(e));
  }, (i) => showDetail(visibleJournal[i]));

  function kindClass(e) {
    if (e.kind === 'request') return 'k-request';
    if (e.kind === 'delivery') return 'k-delivery';
    if (e.kind === 'warning') return 'k-warning';
    if (e.kind === 'marker') return 'k-control';
    return 'k-event';
  }

  // One line per entry: a request as method, path, status and latency; a notification as what
  // it said, where it went and how that went; an event as what changed.
  function describe(e) {
    switch (e.kind) {
      case 'request':
        return el('span', null, `→ ${e.method} `,
          el('span', { class: 'status-' + String(e.status)[0] }, String(e.status)),
          ` ${Number(e.latencyMs).toFixed(1)} ms ${shortIds(e.path)}` + (e.fault ? `  fault ${e.fault}` : ''));
      case 'delivery':
        return el('span', null, `⇐ ${e.changeType || 'notification'} `,
          el('span', { class: 'status-' + (e.outcome === 'delivered' ? '2' : '4') }, `${e.outcome} ${e.status || ''}`),
          ` #${e.attempt} ${e.latencyMs} ms ${shortIds(e.resourceUrl || e.url)}` + (e.error ? ` (${e.error})` : ''));
      case 'callStateChanged':
        return `● call ${short(e.callId)} ${e.state}` + (e.resultInfo ? ` (${e.resultInfo.code}/${e.resultInfo.subcode})` : '');
      case 'rosterChanged':
        return `◆ roster ${short(e.callId)} #${e.sequenceNumber}: ${(e.updated || []).map(who).join(', ') || '—'}` +
          ((e.removed || []).length ? `; left: ${e.removed.map(who).join(', ')}` : '');
      case 'operationFinished':
        return `■ ${opName(e.operation)} ${lower(e.operation && e.operation.status)}` + resultText(e.operation && e.operation.resultInfo);
      case 'toneReceived':
        return `♪ tone ${e.tone} on ${short(e.callId)}`;
      case 'warning':
        return `⚠ ${e.message}`;
      case 'marker':
        return `— ${e.text} —`;
      default:
        return `${e.kind} ${short(e.callId)}`;
    }
  }

  const who = (p) => {
    const id = (p.info && p.info.identity) || {};
    const one = id.user || id.application || id.phone || id.applicationInstance || id.guest || Object.values(id).find((v) => v && typeof v === 'object');
    return (one && (one.displayName || one.id)) || short(p.id);
  };
  const opName = (op) => (op && op['@odata.type'] ? op['@odata.type'].replace('#microsoft.graph.', '').replace(/Operation$/, '') : 'operation');
  const resultText = (r) => (r ? ` ${r.code}/${r.subcode}${r.message ? ' ' + r.message : ''}` : '');

  function render() {
    state.stats.renders++;
    const filter = $('call-filter').value.trim().toLowerCase();
    visibleCalls = filter
      ? state.callOrder.filter((id) => { const c = state.calls.get(id); return id.toLowerCase().includes(filter) || (c.state || '').includes(filter); })
      : state.callOrder;
    callsList.update(visibleCalls.length, false);
    const thisCall = $('journal-this-call').checked && state.selected;
    visibleJournal = thisCall ? state.journal.filter((e) => e.callId === state.selected || e.kind === 'marker') : state.journal;
    const follow = $('journal-follow').checked;
    journalList.update(visibleJournal.length, follow);
    const ended = state.callOrder.filter((id) => state.calls.get(id).ended).length;
    $('counts').textContent = `${state.callOrder.length - ended} live calls, ${ended} ended, ${state.journal.length} journal entries`;
    renderCall();
  }

  function renderCall() {
    const c = state.selected && state.calls.get(state.selected);
    $('call').hidden = !c;
    $('call-empty').hidden = !!c;
    if (!c) return;
    $('call').dataset.callId = c.id;
    $('call-title').textContent = 'Call ' + c.id;
    const s = $('call-state');
    s.className = 'state ' + c.state;
    s.textContent = c.state || '?';
    const r = c.resource || {};
    const facts = [['direction', c.direction], ['modalities', (c.modalities || []).join(', ')],
      ['callback', r.callbackUri], ['chain', r.callChainId], ['tenant', r.tenantId]];
    $('call-facts').replaceChildren(...facts.filter(([, v]) => v).map(([k, v]) => el('span', null, k + ' ', el('b', null, v))));
    $('timeline').replaceChildren(...c.timeline.map((t) => el('span', { class: 'state ' + t.state, title: t.time }, `${t.state} ${clock(t.time)}`)));
    $('hang-up').disabled = c.ended;

    $('roster').tBodies[0].replaceChildren(...c.participants.map((p) => {
      const onHold = !!(p._mock && p._mock.onHold);
      return el('tr', { dataset: { participant: p.id } },
        el('td', { title: p.id }, who(p)),
        el('td', { class: 'flag muted-flag', 'data-on': String(!!p.isMuted) }, p.isMuted ? 'muted' : '—'),
        el('td', { class: 'flag hold-flag', 'data-on': String(onHold) }, onHold ? 'on hold ♫' : '—'),
        el('td', { class: 'flag lobby-flag', 'data-on': String(!!p.isInLobby) }, p.isInLobby ? 'in lobby' : '—'),
        el('td', null, c.ended ? null : el('button', { class: 'small', title: 'DELETE /_mock/calls/{id}/participants/{pid}: they leave', onclick: () => control('DELETE', `calls/${c.id}/participants/${p.id}`) }, 'leave')));
    }));

    $('invitations').tBodies[0].replaceChildren(...c.invitations.map((inv) => {
      const started = state.opStarted.get(inv.operationId);
      return el('tr', { dataset: { participant: inv.participantId } },
        el('td', { title: inv.participantId }, who({ info: inv.invitee, id: inv.participantId })),
        el('td', { class: 'ringing', dataset: { since: started || '' } }, ringing(started)),
        el('td', null,
          el('button', { class: 'small answer', onclick: () => control('POST', `calls/${c.id}/invitations/${inv.participantId}/answer`) }, 'answer'),
          ' ',
          el('button', { class: 'small decline', onclick: () => control('POST', `calls/${c.id}/invitations/${inv.participantId}/decline`) }, 'decline')));
    }));

    $('operations').tBodies[0].replaceChildren(...c.operations.map((op) => el('tr', { dataset: { operation: op.id } },
      el('td', { title: op.id }, opName(op)),
      // Casing as the pages write it ("Running") or as the schema does ("running").
      el('td', { class: 'status ' + lower(op.status) }, lower(op.status)),
      el('td', null, resultText(op.resultInfo).trim() + (op.completionReason ? ' ' + op.completionReason : '')),
      el('td', null, lower(op.status) === 'running' || lower(op.status) === 'notstarted'
        ? el('button', { class: 'small fail', title: 'POST /_mock/calls/{id}/operations/{opId}/fail', onclick: () => control('POST', `calls/${c.id}/operations/${op.id}/fail`, {}) }, 'fail')
        : null))));
  }

  function ringing(started) {
    if (!started) return 'ringing';
    return 'ringing ' + Math.max(0, Math.round((Date.now() - Date.parse(started)) / 1000)) + ' s';
  }
  // The ring times move on by themselves.
  setInterval(() => {
    for (const td of document.querySelectorAll('#invitations td.ringing')) td.textContent = ringing(td.dataset.since);
  }, 1000);

  function select(id) {
    if (!id) return;
    state.selected = id;
    render();
  }

  function showDetail(e) {
    if (!e || e.kind === 'marker') return;
    state.detailSeq = e.sequence;
    $('detail').hidden = false;
    $('detail-title').textContent = `#${e.sequence} ${e.kind}` + (e.kind === 'request' ? ` ${e.method} ${e.path}` : '');
    const parts = [];
    if (e.kind === 'request') {
      parts.push('Request body:\n' + pretty(e.body));
      parts.push(`Response ${e.status}:\n` + pretty(e.response !== undefined ? e.response : e.error));
    } else if (e.kind === 'delivery') {
      parts.push(`Notification to ${e.url} (attempt ${e.attempt}, ${e.outcome}${e.status ? ' ' + e.status : ''}${e.error ? ' ' + e.error : ''}):\n` + pretty(e.notification));
    }
    parts.push('Journal entry:\n' + pretty(e));
    $('detail-body').textContent = parts.join('\n\n');
    journalList.paint(true);
    if (e.callId && state.calls.has(e.callId) && state.selected !== e.callId) select(e.callId);
  }
  const pretty = (v) => (v === undefined || v === null ? '(none)' : typeof v === 'string' ? v : JSON.stringify(v, null, 2));

  // ---- controls ----------------------------------------------------------------------------
  $('detail-close').addEventListener('click', () => { $('detail').hidden = true; state.detailSeq = null; journalList.paint(true); });
  $('call-filter').addEventListener('input', scheduleRender);
  $('journal-this-call').addEventListener('change', scheduleRender);
  $('journal-follow').addEventListener('change', scheduleRender);
  $('journal').addEventListener('wheel', () => { if (!journalList.atEnd()) $('journal-follow').checked = false; }, { passive: true });
  $('reset').addEventListener('click', () => control('POST', 'reset'));
  $('ring').addEventListener('click', async () => {
    const ring = {
      requestedModalities: ['audio'],
      source: { identity: { user: { id: crypto.randomUUID(), displayName: 'Caller' } } },
      targets: [{ identity: { application: { id: '2891555a-92ff-42e6-80fa-6e1300c6b5c6', displayName: 'Bot' } } }],
    };
    // The mock's --default-callback-uri says where the bot listens; without one the mock refuses
    // a call nobody would hear of, and the bot is rung where the sample bots listen: port 3978 of
    // the mock's machine, over the page's own scheme (the C# sample serves https).
    let call = await control('POST', 'calls/incoming', ring);
    if (!call && $('banner').textContent.includes('--default-callback-uri'))
      call = await control('POST', 'calls/incoming', { ...ring, callbackUri: `${location.protocol}//localhost:3978/api/calls` });
    if (call && call.id) select(callModel(call.id).id);
  });
  $('hang-up').addEventListener('click', () => state.selected && control('POST', `calls/${state.selected}/hangUp`));
  document.querySelector('.keypad').append(...TONES.map((k) =>
    el('button', { class: 'small', title: `POST /_mock/calls/{id}/tones: the caller presses ${k}`, onclick: () => state.selected && control('POST', `calls/${state.selected}/tones`, { tones: [toneName(k)] }) }, k)));

  connect();
})();
