/**
 * What bench/visit-join.ts puts into the browser: the instrumentation every page gets before its own
 * scripts (a clock shared by the pages of one machine, the join click, the call channel's messages,
 * the peer connections' steps, the first remote frame), and the two bare calls it compares the app with.
 */

/**
 * Marks, in epoch milliseconds (`performance.timeOrigin + performance.now()`, so the pages of one machine
 * share a clock): `click` (the last button clicked), `ws.open`, `ws.in:<type>` / `ws.out:<type>` (call channel),
 * `pc<n>.<step>` (each RTCPeerConnection), `frame` (the first remote video frame presented, from
 * requestVideoFrameCallback). Only the first time of each mark is kept.
 */
export const INSTRUMENT = `(() => {
  const now = () => performance.timeOrigin + performance.now();
  const marks = {};
  const mark = (k, at) => { if (!(k in marks)) marks[k] = at ?? now(); };
  // Resolved at the first remote frame: the benchmark awaits it rather than polling the page on every animation frame
  // (a polling loop would make the page draw 60 times a second while it is measured).
  let framed;
  window.__bench = { marks, mark, framed: new Promise((r) => { framed = r; }) };
  // The last button clicked on the page (the benchmark clicks only the join button on the page it times).
  document.addEventListener('click', (e) => {
    if (e.target instanceof Element && e.target.closest('button')) marks.click = now();
  }, true);
  const OrigWs = window.WebSocket;
  window.WebSocket = class extends OrigWs {
    constructor(...a) {
      super(...a);
      // The app's call channel, Janus's API (bare call), the bare relay; the app's other channel (/api/realtime) is left out.
      const url = String(a[0]);
      this.__p = url.includes('/signal') ? 'ws' : url.includes('/api/') ? null : 'ws';
      if (!this.__p) return;
      mark(this.__p + '.new');
      this.addEventListener('open', () => mark(this.__p + '.open'));
      this.addEventListener('message', (ev) => {
        try { const m = JSON.parse(String(ev.data)); mark(this.__p + '.in:' + (m.type ?? m.janus ?? '?')); } catch {}
      });
    }
    send(d) {
      if (this.__p) try { const m = JSON.parse(String(d)); mark(this.__p + '.out:' + (m.type ?? m.janus ?? '?')); } catch {}
      return super.send(d);
    }
  };
  const OrigPc = window.RTCPeerConnection;
  let n = 0;
  window.RTCPeerConnection = class extends OrigPc {
    constructor(...a) {
      super(...a);
      const p = 'pc' + (n++) + '.';
      this.__p = p;
      mark(p + 'new');
      this.addEventListener('icecandidate', (e) => {
        if (e.candidate) mark(p + 'candidate:' + (e.candidate.type ?? '?')); else mark(p + 'gathered');
      });
      this.addEventListener('iceconnectionstatechange', () => mark(p + 'ice:' + this.iceConnectionState));
      this.addEventListener('connectionstatechange', () => mark(p + 'conn:' + this.connectionState));
      this.addEventListener('track', () => mark(p + 'track'));
    }
    async setLocalDescription(d) {
      const r = await super.setLocalDescription(d);
      mark(this.__p + 'local:' + (this.localDescription?.type ?? '?'));
      return r;
    }
    async setRemoteDescription(d) {
      const r = await super.setRemoteDescription(d);
      mark(this.__p + 'remote:' + (d?.type ?? '?'));
      return r;
    }
  };
  const watch = (v) => {
    if (v.__watched) return;
    v.__watched = true;
    v.requestVideoFrameCallback((t) => { mark('frame', performance.timeOrigin + t); framed(); });
  };
  new MutationObserver(() => document.querySelectorAll('video[data-testid="remote-video"]').forEach(watch))
    .observe(document, { childList: true, subtree: true });
})();`;

/** The bare 1:1 call: two pages, one RTCPeerConnection each, offer/answer and trickled candidates relayed by a bare WebSocket. */
export const BARE_P2P = `<!doctype html><meta charset="utf-8"><title>bare p2p</title>
<video data-testid="remote-video" autoplay playsinline muted></video>
<button id="join" disabled>join</button>
<script type="module">
const q = new URLSearchParams(location.search);
const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: { ideal: 640 }, height: { ideal: 360 } } });
const video = document.querySelector('video');
const button = document.querySelector('#join');
button.disabled = false;
button.onclick = () => {
  const ws = new WebSocket('ws://' + location.host + '/signal?room=' + q.get('room'));
  let pc = null;
  const send = (m) => ws.send(JSON.stringify(m));
  const make = () => {
    pc = new RTCPeerConnection({ iceServers: [] });
    for (const t of stream.getTracks()) pc.addTrack(t, stream);
    pc.onicecandidate = (e) => send({ type: 'signal', candidate: e.candidate });
    pc.ontrack = (e) => { video.srcObject = e.streams[0]; };
  };
  ws.onopen = () => send({ type: 'join' });
  ws.onmessage = async (ev) => {
    const m = JSON.parse(ev.data);
    if (m.type === 'peer') {
      make();
      await pc.setLocalDescription();
      send({ type: 'signal', description: pc.localDescription });
    } else if (m.description) {
      if (!pc) make();
      await pc.setRemoteDescription(m.description);
      if (m.description.type === 'offer') {
        await pc.setLocalDescription();
        send({ type: 'signal', description: pc.localDescription });
      }
    } else if (m.candidate !== undefined && pc) {
      await pc.addIceCandidate(m.candidate ?? undefined).catch(() => {});
    }
  };
  window.__joined = true;
};
window.__ready = true;
</script>`;

/**
 * The bare Janus call: the page speaks Janus's WebSocket API itself (session, a publishing handle with
 * joinandconfigure, a subscribing handle per publisher with join + start, trickled candidates), in a
 * room the benchmark created beforehand — what a minimal VideoRoom client does, with no app around it.
 */
export const BARE_JANUS = `<!doctype html><meta charset="utf-8"><title>bare janus</title>
<div id="remotes"></div>
<button id="join" disabled>join</button>
<script type="module">
const q = new URLSearchParams(location.search);
const room = q.get('room');
const secret = q.get('secret');
const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: { ideal: 640 }, height: { ideal: 360 } } });
const button = document.querySelector('#join');
button.disabled = false;
button.onclick = () => {
  const ws = new WebSocket(q.get('janus'), 'janus-protocol');
  const pending = new Map();
  let session = 0;
  let publisher = 0;
  const req = (m) => new Promise((resolve, reject) => {
    const transaction = Math.random().toString(36).slice(2);
    pending.set(transaction, { resolve, reject, async: m.janus === 'message' });
    ws.send(JSON.stringify({ ...m, transaction, apisecret: secret }));
  });
  const subscribed = new Set();
  const subscribe = async (feed) => {
    if (subscribed.has(feed)) return;
    subscribed.add(feed);
    const h = (await req({ janus: 'attach', session_id: session, plugin: 'janus.plugin.videoroom' })).data.id;
    const joined = await req({ janus: 'message', session_id: session, handle_id: h,
      body: { request: 'join', ptype: 'subscriber', room, streams: [{ feed }] } });
    const pc = new RTCPeerConnection({ iceServers: [] });
    pc.onicecandidate = (e) => ws.send(JSON.stringify({ janus: 'trickle', session_id: session, handle_id: h,
      candidate: e.candidate ?? { completed: true }, transaction: 't', apisecret: secret }));
    const v = document.createElement('video');
    v.dataset.testid = 'remote-video';
    v.autoplay = true; v.playsInline = true; v.muted = true;
    pc.ontrack = (e) => { v.srcObject = e.streams[0] ?? new MediaStream([e.track]); };
    document.querySelector('#remotes').append(v);
    await pc.setRemoteDescription(joined.jsep);
    await pc.setLocalDescription();
    await req({ janus: 'message', session_id: session, handle_id: h, body: { request: 'start' }, jsep: pc.localDescription });
  };
  const onPublishers = (list) => { for (const p of list ?? []) if (p.id !== q.get('me')) void subscribe(p.id); };
  ws.onmessage = (ev) => {
    const m = JSON.parse(ev.data);
    const p = m.transaction && pending.get(m.transaction);
    if (p) {
      if (m.janus === 'ack' && p.async) return;
      pending.delete(m.transaction);
      if (m.janus === 'error') p.reject(new Error(m.error.reason)); else p.resolve(m);
      return;
    }
    // Events outside a transaction: another publisher appeared.
    if (m.janus === 'event' && m.sender === publisher) onPublishers(m.plugindata?.data?.publishers);
  };
  ws.onopen = async () => {
    session = (await req({ janus: 'create' })).data.id;
    publisher = (await req({ janus: 'attach', session_id: session, plugin: 'janus.plugin.videoroom' })).data.id;
    const pc = new RTCPeerConnection({ iceServers: [] });
    for (const t of stream.getTracks()) pc.addTransceiver(t, { direction: 'sendonly', streams: [stream] });
    pc.onicecandidate = (e) => ws.send(JSON.stringify({ janus: 'trickle', session_id: session, handle_id: publisher,
      candidate: e.candidate ?? { completed: true }, transaction: 't', apisecret: secret }));
    await pc.setLocalDescription();
    const joined = await req({ janus: 'message', session_id: session, handle_id: publisher,
      body: { request: 'joinandconfigure', ptype: 'publisher', room, id: q.get('me'), display: q.get('me'), audio: true, video: true },
      jsep: pc.localDescription });
    await pc.setRemoteDescription(joined.jsep);
    onPublishers(joined.plugindata.data.publishers);
    window.__published = true;
  };
};
window.__ready = true;
</script>`;
