import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import { VISIT_CLOSE, VisitClientMessage, type RosterEntry, type SignalData, type VisitRole, type VisitServerMessage } from '@telemed/contracts';
import type { DbListener } from '../../platform/db-listener.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Principal } from '../../platform/policy.ts';
import { hasTelemedicineConsent } from '../patients/consents.ts';
import { auditVisit, type OpenedVisit } from './access.ts';
import { isReceiveOnly } from './broadcast.ts';
import { handleRecordingMessage, reconcileRecording } from './recording.ts';
import type { SfuBridge } from './sfu.ts';
import { SignalWriter } from './signal-writer.ts';
import { iceServersFor } from './turn.ts';

const CHANNEL = 'telemed_visit';
// A presence row this old belongs to a node that died.
const STALE_SECONDS = 90;
// What a reconnecting browser is replayed: only what is recent enough to still matter to the call.
const REPLAY_SECONDS = 60;
const REPLAY_LIMIT = 500;
const MAX_MESSAGE = 64 * 1024;
const MAX_PER_PARTICIPANT = 4;
// The page connects while its user checks camera and microphone, and says hello on "Join".
const HELLO_WITHIN_MS = 5 * 60_000;
// Waits between tries to receive a feed that is not up yet on the SFU (1.55 s in all).
const SUBSCRIBE_RETRY_MS = [50, 100, 150, 250, 400, 600];
// Messages a connection may send: a burst of 300 (a negotiation's candidates), refilled at 50 a second.
const BURST = 300;
const REFILL_PER_SECOND = 50;

interface Conn {
  socket: WebSocket;
  opened: OpenedVisit;
  visitId: string;
  participantId: string;
  canManage: boolean;
  admitted: boolean;
  helloed: boolean;
  alive: boolean;
  principal: Principal | null;
  /** Publishing to the SFU through this connection. */
  publishing: boolean;
  budget: number;
  budgetAt: number;
}

export interface VisitHubOptions {
  heartbeatMs?: number;
  /** The principal of a session as it stands now (null: it has ended). */
  refreshPrincipal(p: Principal): Promise<Principal | null>;
  /** Janus, for calls of three or more; disabled when not configured. */
  sfu: SfuBridge;
  /** From how many people in a call media goes through the SFU. */
  sfuFrom: number;
}

/**
 * The call channel of each visit on this node: signaling between the participants' browsers,
 * the waiting room, admission and chat. Every message goes through the table `visit_signal`
 * and NOTIFY, so participants connected to different nodes reach each other, and a browser
 * whose link dropped replays what it missed. Media never passes through here.
 */
export class VisitHub {
  readonly nodeId = randomUUID();
  readonly #deps: Deps;
  readonly #opts: Required<VisitHubOptions>;
  readonly #byVisit = new Map<string, Set<Conn>>();
  /** Notified messages not yet delivered, by id: the row itself when the notification carried it whole. */
  readonly #pending = new Map<number, SignalRow | null>();
  readonly #rosterDue = new Set<string>();
  readonly #writer: SignalWriter;
  #flushTimer: NodeJS.Timeout | null = null;
  /** The flush under way: flushes run one after another, so a client gets its messages in order. */
  #flushing: Promise<void> = Promise.resolve();
  #timers: NodeJS.Timeout[] = [];

  constructor(deps: Deps, listener: DbListener, opts: VisitHubOptions) {
    this.#deps = deps;
    this.#writer = new SignalWriter(deps.pool);
    this.#opts = { heartbeatMs: 30_000, ...opts };
    // A feed is announced once it can be received: asked for earlier, Janus only says there is no such feed.
    opts.sfu.onFeedUp = (visitId, participantId) => void this.#announce({ visitId, participantId }, 'feed', { participantId, published: true })
      .catch((err: Error) => this.#warn(err, 'feed not announced'));
    listener.on(CHANNEL, (payload) => this.#onNotify(payload));
    listener.on('telemed_session', (userId) => void this.#recheckUser(userId));
    listener.onConnectionChange((connected) => {
      // Messages may be missed while the listener is down: clients reconnect and replay.
      if (!connected) for (const c of this.#all()) c.socket.close(VISIT_CLOSE.restart, 'reconnect');
    });
  }

  start(): void {
    this.#timers.push(setInterval(() => void this.#heartbeat(), this.#opts.heartbeatMs).unref());
  }

  async stop(): Promise<void> {
    for (const t of this.#timers) clearInterval(t);
    for (const c of this.#all()) c.socket.close(1001, 'server stopping');
    await this.#opts.sfu.stop();
    await this.#deps.pool.query('DELETE FROM visit_presence WHERE node_id = $1', [this.nodeId]).catch(() => {});
  }

  get connections(): number {
    let n = 0;
    for (const s of this.#byVisit.values()) n += s.size;
    return n;
  }

  /** Takes a socket whose caller the route found to be a participant allowed to join; its first message must be `hello`. */
  attach(socket: WebSocket, opened: OpenedVisit, canManage: boolean): void {
    const visitId = opened.visit.id;
    const set = this.#byVisit.get(visitId) ?? new Set<Conn>();
    if ([...set].filter((c) => c.participantId === opened.participant.id).length >= MAX_PER_PARTICIPANT) {
      socket.close(1008, 'too many connections');
      return;
    }
    const conn: Conn = { socket, opened, visitId, participantId: opened.participant.id, canManage, admitted: opened.participant.admitted_at !== null,
      helloed: false, alive: true, principal: opened.actor.kind === 'user' ? opened.actor.principal : null, publishing: false,
      budget: BURST, budgetAt: Date.now() };
    set.add(conn);
    this.#byVisit.set(visitId, set);
    const helloTimer = setTimeout(() => { if (!conn.helloed) socket.close(1008, 'hello expected'); }, HELLO_WITHIN_MS);
    socket.on('pong', () => { conn.alive = true; });
    socket.on('close', () => {
      clearTimeout(helloTimer);
      set.delete(conn);
      if (set.size === 0) this.#byVisit.delete(visitId);
      if (conn.helloed) void this.#left(conn).catch((err: Error) => this.#warn(err, 'visit presence not cleared'));
    });
    socket.on('message', (data, isBinary) => {
      if (isBinary || (data as Buffer).length > MAX_MESSAGE) return socket.close(1009, 'message too large');
      const now = Date.now();
      conn.budget = Math.min(BURST, conn.budget + ((now - conn.budgetAt) / 1000) * REFILL_PER_SECOND);
      conn.budgetAt = now;
      // A flood (a fault or an abuse) would fill the signal table and every node's deliveries.
      if (conn.budget < 1) return socket.close(1008, 'too many messages');
      conn.budget -= 1;
      let parsed: ReturnType<typeof VisitClientMessage.safeParse>;
      const text = String(data);
      try {
        // A NUL (only ever written `\u0000` in JSON) cannot be stored in PostgreSQL's text or jsonb.
        parsed = VisitClientMessage.safeParse(text.includes('\\u0000') ? null : JSON.parse(text));
      } catch {
        parsed = VisitClientMessage.safeParse(null);
      }
      if (!parsed.success) return socket.close(1008, 'invalid message');
      void this.#handle(conn, parsed.data).catch((err: Error) => {
        this.#warn(err, 'visit message failed');
        this.#send(conn, { type: 'error', code: 'internal' });
      });
    });
  }

  async #handle(conn: Conn, msg: VisitClientMessage): Promise<void> {
    const db = this.#deps.db;
    if (msg.type === 'ping') return this.#send(conn, { type: 'pong' });
    if (msg.type === 'hello') {
      if (conn.helloed) return conn.socket.close(1008, 'hello sent twice');
      conn.helloed = true;
      // Read afresh (an admission may have been committed since the handshake: its notice then reaches this connection), while
      // the presence row is written. A removed participant's row goes again when the channel closes.
      const [now] = await Promise.all([
        db.selectFrom('visit_participant as p').innerJoin('visit as v', 'v.id', 'p.visit_id').select(['p.admitted_at', 'p.removed_at', 'v.media_mode'])
          .where('p.id', '=', conn.participantId).executeTakeFirst(),
        this.#deps.pool.query(`INSERT INTO visit_presence (participant_id, node_id, visit_id) VALUES ($1, $2, $3)
          ON CONFLICT (participant_id, node_id) DO UPDATE SET seen_at = now()`, [conn.participantId, this.nodeId, conn.visitId]),
      ]);
      if (!now || now.removed_at) return conn.socket.close(VISIT_CLOSE.removed, 'removed');
      conn.admitted ||= now.admitted_at !== null;
      const participants = await readRoster(this.#deps, conn.visitId);
      // Arriving makes the call big enough for the SFU: switched now, so this participant starts there rather than peer to peer.
      const mode = now.media_mode === 'sfu' || (conn.admitted && await this.#switchIfDue(conn.visitId, participants)) ? 'sfu' as const : 'p2p' as const;
      const feeds = mode === 'sfu' ? await this.#opts.sfu.feeds(conn.visitId) : [];
      // Who is here comes with the welcome: the others hear of this arrival through the roster notice below.
      this.#send(conn, { type: 'welcome', participantId: conn.participantId, admitted: conn.admitted, ...this.#ice(conn), mode, feeds, participants });
      if (msg.since > 0) await this.#replay(conn, msg.since);
      await this.#announceRoster(conn);
      return;
    }
    if (!conn.helloed) return conn.socket.close(1008, 'hello expected');
    if (msg.type === 'ice-servers') return this.#send(conn, { type: 'ice-servers', ...this.#ice(conn) });
    if (msg.type === 'admit') {
      if (!conn.canManage) return this.#send(conn, { type: 'error', code: 'forbidden' });
      // The patient comes in only with their telemedicine consent on record (the clinician records it first).
      const who = await db.selectFrom('visit_participant').select('role').where('id', '=', msg.participantId).where('visit_id', '=', conn.visitId)
        .executeTakeFirst();
      if (who?.role === 'patient' && !await hasTelemedicineConsent(this.#deps, conn.opened.visit.patient_id)) {
        return this.#send(conn, { type: 'error', code: 'consent_required' });
      }
      const now = this.#deps.now();
      const admitted = await db.transaction().execute(async (trx) => {
        const row = await trx.updateTable('visit_participant').set({ admitted_at: now, admitted_by: conn.principal?.userId ?? null })
          .where('id', '=', msg.participantId).where('visit_id', '=', conn.visitId).where('admitted_at', 'is', null).where('removed_at', 'is', null)
          .returning('id').executeTakeFirst();
        if (!row) return false;
        await trx.updateTable('visit').set({ started_at: now }).where('id', '=', conn.visitId).where('started_at', 'is', null).execute();
        await trx.insertInto('visit_signal').values([
          { visit_id: conn.visitId, from_participant: conn.participantId, to_participant: msg.participantId, kind: 'admitted', payload: '{}' },
          { visit_id: conn.visitId, from_participant: conn.participantId, to_participant: null, kind: 'roster', payload: '{}' },
        ]).execute();
        return true;
      });
      if (admitted) await auditVisit(this.#deps, conn.opened, 'visit.admit', { ip: null, userAgent: null }, { admittedParticipantId: msg.participantId });
      return;
    }
    if (!conn.admitted) return this.#send(conn, { type: 'error', code: 'not_admitted' });
    if (msg.type === 'signal') {
      // Stored only if its target is in the call, checked by the statement that stores it.
      const stored = await this.#writer.write({ visitId: conn.visitId, from: conn.participantId, to: msg.to, kind: 'signal',
        payload: JSON.stringify(msg.data), needsTarget: true });
      if (!stored) return this.#send(conn, { type: 'error', code: 'not_in_call' });
      return;
    }
    if (msg.type.startsWith('sfu-')) return this.#handleSfu(conn, msg);
    if (msg.type === 'recording-request' || msg.type === 'recording-consent' || msg.type === 'recording-stop') {
      const refused = await handleRecordingMessage(this.#deps, conn, msg);
      return refused ? this.#send(conn, { type: 'error', code: refused }) : undefined;
    }
    if (msg.type === 'chat') {
      await db.transaction().execute(async (trx) => {
        const m = await trx.insertInto('visit_message').values({ visit_id: conn.visitId, participant_id: conn.participantId, body: msg.body })
          .returning('id').executeTakeFirstOrThrow();
        await trx.insertInto('visit_signal').values({ visit_id: conn.visitId, from_participant: conn.participantId, to_participant: null, kind: 'chat',
          payload: JSON.stringify({ messageId: Number(m.id) }) }).execute();
      });
      await auditVisit(this.#deps, conn.opened, 'visit.message', { ip: null, userAgent: null });
    }
  }

  /** SFU mode: this node relays the participant's SDP and candidates to Janus through its handles. */
  async #handleSfu(conn: Conn, msg: VisitClientMessage): Promise<void> {
    const sfu = this.#opts.sfu;
    if (!sfu.enabled) return this.#send(conn, { type: 'error', code: 'no_sfu' });
    try {
      if (msg.type === 'sfu-publish') {
        if (isReceiveOnly(conn.opened.visit, conn.opened.participant.role)) return this.#send(conn, { type: 'error', code: 'receive_only' });
        const display = conn.opened.participant.display_name;
        const answer = await sfu.publish(conn.visitId, conn.participantId, display, msg.jsep);
        conn.publishing = true;
        this.#send(conn, { type: 'sfu-answer', jsep: answer });
      } else if (msg.type === 'sfu-subscribe') {
        const target = await this.#deps.db.selectFrom('visit_participant').select('id').where('id', '=', msg.feed).where('visit_id', '=', conn.visitId)
          .where('admitted_at', 'is not', null).where('removed_at', 'is', null).executeTakeFirst();
        if (!target || msg.feed === conn.participantId) return this.#send(conn, { type: 'error', code: 'not_in_call' });
        // A feed announced a moment ago is not there to receive until its publisher's connection is up (Janus says "no such
        // feed" until then, usually a few hundred milliseconds): tried again soon and then less often, before giving up.
        let offer;
        for (let attempt = 0; ; attempt++) {
          try {
            offer = await sfu.subscribe(conn.visitId, conn.participantId, msg.feed);
            break;
          } catch (err) {
            if (attempt >= SUBSCRIBE_RETRY_MS.length) throw err;
            await new Promise((r) => setTimeout(r, SUBSCRIBE_RETRY_MS[attempt]));
          }
        }
        this.#send(conn, { type: 'sfu-offer', feed: msg.feed, jsep: offer });
      } else if (msg.type === 'sfu-start') {
        await sfu.start(conn.participantId, msg.feed, msg.jsep);
      } else if (msg.type === 'sfu-candidate') {
        await sfu.trickle(conn.participantId, msg.feed, msg.candidate ?? null);
      }
    } catch (err) {
      this.#warn(err as Error, 'SFU request failed');
      this.#send(conn, { type: 'error', code: 'sfu_failed' });
    }
  }

  async #announce(conn: Pick<Conn, 'visitId' | 'participantId'>, kind: string, payload: Record<string, unknown>): Promise<void> {
    await this.#writer.write({ visitId: conn.visitId, from: conn.participantId, to: null, kind, payload: JSON.stringify(payload), needsTarget: false });
  }

  #ice(conn: Conn) {
    return iceServersFor(this.#deps.config, conn.participantId, this.#deps.now());
  }

  async #replay(conn: Conn, since: number): Promise<void> {
    const rows = await this.#fetch(`s.visit_id = $1 AND s.id > $2 AND s.at > now() - make_interval(secs => ${REPLAY_SECONDS})
      AND s.kind IN ('signal', 'chat') AND (s.to_participant = $3 OR s.to_participant IS NULL) AND s.from_participant IS DISTINCT FROM $3
      ORDER BY s.id LIMIT ${REPLAY_LIMIT}`, [conn.visitId, since, conn.participantId]);
    for (const r of rows) this.#deliverTo(conn, r);
  }

  #onNotify(payload: string): void {
    let n: { id: number; visitId: string; to: string | null; from?: string | null; kind?: string; payload?: unknown };
    try {
      n = JSON.parse(payload);
    } catch {
      return;
    }
    if (!this.#byVisit.has(n.visitId)) return;
    this.#pending.set(n.id, n.kind === undefined ? null : {
      id: String(n.id), visit_id: n.visitId, from_participant: n.from ?? null, to_participant: n.to, kind: n.kind, payload: n.payload,
      message_id: null, message_body: null, message_at: null, message_author: null,
    });
    // Notifications arrive in bursts (a candidate per network path): deliver them together, reading
    // the rows the notifications did not carry in one query.
    this.#flushTimer ??= setTimeout(() => {
      this.#flushTimer = null;
      this.#flushing = this.#flushing.then(() => this.#flush());
    }, 2);
  }

  async #flush(): Promise<void> {
    const batch = [...this.#pending].sort((a, b) => a[0] - b[0]);
    this.#pending.clear();
    try {
      const missing = batch.filter(([, row]) => row === null).map(([id]) => id);
      const read = missing.length ? new Map((await this.#fetch('s.id = ANY($1::bigint[])', [missing])).map((r) => [Number(r.id), r])) : null;
      for (const [id, inline] of batch) {
        const r = inline ?? read?.get(id);
        if (!r) continue;
        if (r.kind === 'roster' || r.kind === 'recording') {
          this.#rosterDue.add(r.visit_id);
          continue;
        }
        if (r.kind === 'ended') void this.#opts.sfu.end(r.visit_id).catch((err: Error) => this.#warn(err, 'SFU room not removed'));
        for (const c of this.#byVisit.get(r.visit_id) ?? []) if (c.helloed) this.#deliverTo(c, r);
      }
      const visits = [...this.#rosterDue];
      this.#rosterDue.clear();
      // A roster is read fresh from the database: the next messages need not wait for it.
      if (visits.length) void Promise.all(visits.map((v) => this.#sendRoster(v))).catch((err: Error) => this.#lost(err));
    } catch (err) {
      this.#lost(err as Error);
    }
  }

  /** Messages may have been lost on this node: its clients reconnect and replay from the table. */
  #lost(err: Error): void {
    this.#warn(err, 'visit signals not delivered');
    for (const c of this.#all()) c.socket.close(VISIT_CLOSE.restart, 'retry');
  }

  #deliverTo(c: Conn, r: SignalRow): void {
    const forMe = r.to_participant === null || r.to_participant === c.participantId;
    if (!forMe) return;
    if (r.kind === 'signal' && r.from_participant !== c.participantId && c.admitted) {
      this.#send(c, { type: 'signal', id: Number(r.id), from: r.from_participant!, data: r.payload as SignalData });
    } else if (r.kind === 'chat' && r.message_body !== null) {
      this.#send(c, { type: 'chat', id: Number(r.id), message: { id: Number(r.message_id), participantId: r.from_participant!,
        displayName: r.message_author ?? '', body: r.message_body, at: new Date(r.message_at!).toISOString(),
        // A file shared into the visit (visit-files.ts) is announced as a chat message that names it.
        file: (r.payload as { file?: VisitChatMessage['file'] }).file } });
    } else if (r.kind === 'admitted' && !c.admitted) {
      c.admitted = true;
      this.#send(c, { type: 'admitted' });
    } else if (r.kind === 'mode') {
      this.#send(c, { type: 'mode', mode: (r.payload as { mode: 'p2p' | 'sfu' }).mode });
    } else if (r.kind === 'feed' && r.from_participant !== c.participantId) {
      const p = r.payload as { participantId: string; published: boolean };
      this.#send(c, { type: 'feed', participantId: p.participantId, published: p.published });
    } else if (r.kind === 'removed') {
      c.socket.close(VISIT_CLOSE.removed, 'removed');
    } else if (r.kind === 'ended') {
      this.#send(c, { type: 'ended' });
      c.socket.close(VISIT_CLOSE.ended, 'ended');
    }
  }

  async #fetch(where: string, values: unknown[]): Promise<SignalRow[]> {
    const { rows } = await this.#deps.pool.query<SignalRow>(`SELECT s.id, s.visit_id, s.from_participant, s.to_participant, s.kind, s.payload,
        m.id AS message_id, m.body AS message_body, m.at AS message_at, p.display_name AS message_author
      FROM visit_signal s
      LEFT JOIN visit_message m ON s.kind = 'chat' AND m.id = (s.payload->>'messageId')::bigint
      LEFT JOIN visit_participant p ON p.id = m.participant_id
      WHERE ${where}`, values);
    return rows;
  }

  async #announceRoster(conn: Conn): Promise<void> {
    await this.#announce(conn, 'roster', {});
  }

  /** Who is in the visit, who is online and who waits: read fresh, so nodes never disagree for long. */
  async #sendRoster(visitId: string): Promise<void> {
    const conns = this.#byVisit.get(visitId);
    if (!conns?.size) return;
    const participants = await readRoster(this.#deps, visitId);
    const message: VisitServerMessage = { type: 'roster', participants };
    for (const c of conns) if (c.helloed) this.#send(c, message);
    const recording = await reconcileRecording(this.#deps, visitId, participants);
    for (const c of conns) if (c.helloed) this.#send(c, { type: 'recording', recording });
    await this.#switchIfDue(visitId, participants);
  }

  /**
   * A third person in the call: everyone moves to the SFU (one node wins the switch; all are told). Whether the visit is
   * on the SFU now. One short of it, the visit's room is made ready, so the switch does not wait for it.
   */
  async #switchIfDue(visitId: string, participants: RosterEntry[]): Promise<boolean> {
    const inCall = participants.filter((p) => p.admitted && p.online && !p.removed);
    if (!this.#opts.sfu.enabled) return false;
    if (inCall.length >= this.#opts.sfuFrom - 1) {
      void this.#opts.sfu.prepare(visitId, inCall.map((p) => p.id)).catch((err: Error) => this.#warn(err, 'SFU room not prepared'));
    }
    if (inCall.length < this.#opts.sfuFrom) return false;
    const switched = await this.#deps.db.updateTable('visit').set({ media_mode: 'sfu' }).where('id', '=', visitId).where('media_mode', '=', 'p2p')
      .returning('id').executeTakeFirst();
    if (switched) {
      await this.#deps.db.insertInto('visit_signal').values({ visit_id: visitId, from_participant: null, to_participant: null, kind: 'mode',
        payload: JSON.stringify({ mode: 'sfu' }) }).execute();
    }
    return true;
  }

  async #left(conn: Conn): Promise<void> {
    const stillHere = [...(this.#byVisit.get(conn.visitId) ?? [])].some((c) => c.participantId === conn.participantId);
    if (!stillHere) {
      await this.#deps.pool.query('DELETE FROM visit_presence WHERE participant_id = $1 AND node_id = $2', [conn.participantId, this.nodeId]);
      if (conn.publishing) {
        await this.#opts.sfu.leave(conn.participantId);
        await this.#announce(conn, 'feed', { participantId: conn.participantId, published: false });
      }
    }
    await this.#announceRoster(conn);
  }

  async #heartbeat(): Promise<void> {
    for (const c of this.#all()) {
      if (!c.alive) {
        c.socket.terminate();
        continue;
      }
      c.alive = false;
      c.socket.ping();
    }
    try {
      await this.#deps.pool.query('UPDATE visit_presence SET seen_at = now() WHERE node_id = $1', [this.nodeId]);
      // A guest's pass runs out while they are connected: their channel closes.
      const now = this.#deps.now().getTime();
      for (const c of this.#all()) {
        const exp = c.opened.participant.pass_expires_at;
        if (!c.principal && exp && exp.getTime() <= now) c.socket.close(VISIT_CLOSE.unauthorized, 'pass expired');
      }
      await this.#deps.pool.query(`DELETE FROM visit_signal WHERE at < now() - interval '1 day'`);
    } catch (err) {
      this.#warn(err as Error, 'visit heartbeat failed');
    }
  }

  /** A session ended or changed somewhere: its call channels close if it no longer holds. */
  async #recheckUser(userId: string): Promise<void> {
    for (const c of this.#all()) {
      if (c.principal?.userId !== userId) continue;
      const now = await this.#opts.refreshPrincipal(c.principal).catch(() => null);
      if (!now || now.state !== 'active') c.socket.close(VISIT_CLOSE.unauthorized, 'signed out');
    }
  }

  #send(c: Conn, message: VisitServerMessage): void {
    if (c.socket.readyState === c.socket.OPEN) c.socket.send(JSON.stringify(message));
  }

  *#all(): Iterable<Conn> {
    for (const set of this.#byVisit.values()) yield* set;
  }

  #warn(err: Error, msg: string): void {
    this.#deps.log.warn({ err: { message: err.message } }, msg);
  }
}

type VisitChatMessage = Extract<VisitServerMessage, { type: 'chat' }>['message'];

interface SignalRow {
  id: string;
  visit_id: string;
  from_participant: string | null;
  to_participant: string | null;
  kind: string;
  payload: unknown;
  message_id: string | null;
  message_body: string | null;
  message_at: Date | null;
  message_author: string | null;
}

export async function readRoster(deps: Deps, visitId: string): Promise<RosterEntry[]> {
  const { rows } = await deps.pool.query<{ id: string; role: string; display_name: string; user_id: string | null; admitted_at: Date | null;
    removed_at: Date | null; since: Date | null }>(`SELECT p.id, p.role, p.display_name, p.user_id, p.admitted_at, p.removed_at,
      (SELECT min(pr.since) FROM visit_presence pr WHERE pr.participant_id = p.id AND pr.seen_at > now() - make_interval(secs => ${STALE_SECONDS})) AS since
    FROM visit_participant p WHERE p.visit_id = $1 ORDER BY p.created_at`, [visitId]);
  return rows.map((r) => ({ id: r.id, role: r.role as VisitRole, displayName: r.display_name, isGuest: r.user_id === null,
    admitted: r.admitted_at !== null, removed: r.removed_at !== null, online: r.since !== null && r.removed_at === null,
    waitingSince: r.admitted_at === null && r.since ? r.since.toISOString() : null }));
}
