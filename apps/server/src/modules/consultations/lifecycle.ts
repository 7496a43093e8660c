import type { ConsultationAction, ConsultationStatus } from '@telemed/contracts';

/** Which side of the request may take an action: the referring facility or the consulting hub. */
export type Side = 'referrer' | 'hub';

interface Rule {
  from: readonly ConsultationStatus[];
  to: ConsultationStatus;
  side: Side;
  needsReason?: boolean;
}

/**
 * The life cycle of a teleconsultation request. Forwarding keeps the request submitted and moves
 * it to another hub; cancelling is possible until the conclusion is written.
 */
export const RULES: Record<ConsultationAction, Rule> = {
  submit: { from: ['draft'], to: 'submitted', side: 'referrer' },
  accept: { from: ['submitted'], to: 'accepted', side: 'hub' },
  decline: { from: ['submitted'], to: 'declined', side: 'hub', needsReason: true },
  forward: { from: ['submitted'], to: 'submitted', side: 'hub', needsReason: true },
  schedule: { from: ['accepted', 'scheduled'], to: 'scheduled', side: 'hub' },
  start: { from: ['accepted', 'scheduled'], to: 'in_progress', side: 'hub' },
  cancel: { from: ['draft', 'submitted', 'accepted', 'scheduled', 'in_progress'], to: 'cancelled', side: 'referrer', needsReason: true },
  acknowledge: { from: ['concluded'], to: 'acknowledged', side: 'referrer' },
};

/** A conclusion is written once the hub has taken the request on (its own use case, not a transition). */
export const CONCLUDABLE: readonly ConsultationStatus[] = ['accepted', 'scheduled', 'in_progress'];
/** Messages and lab values may be added while the case is open. */
export const OPEN: readonly ConsultationStatus[] = ['draft', 'submitted', 'accepted', 'scheduled', 'in_progress'];

export type TransitionCheck =
  | { ok: true; to: ConsultationStatus }
  | { ok: false; problem: 'illegal' | 'wrong_side' | 'reason_required' };

export function checkTransition(status: ConsultationStatus, action: ConsultationAction, sides: readonly Side[], hasReason: boolean): TransitionCheck {
  const rule = RULES[action];
  if (!rule.from.includes(status)) return { ok: false, problem: 'illegal' };
  if (!sides.includes(rule.side)) return { ok: false, problem: 'wrong_side' };
  if (rule.needsReason && !hasReason) return { ok: false, problem: 'reason_required' };
  return { ok: true, to: rule.to };
}
