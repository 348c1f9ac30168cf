/** Every state a case passes through (the case state machine). */
export const caseStates = [
  'draft',
  'collecting',
  'ready',
  'submitted',
  'accepted',
  'refused',
  'manual-review',
  'archived',
  'cancelled',
] as const;

/** A case's state. */
export type CaseState = (typeof caseStates)[number];

/** The words the counter uses for each state. */
export const caseStateLabels: Record<CaseState, string> = {
  draft: '草稿',
  collecting: '收件中',
  ready: '待提交',
  submitted: '已提交',
  accepted: '已受理',
  refused: '被退回',
  'manual-review': '人工核验中',
  archived: '已归档',
  cancelled: '已撤销',
};

/** What can happen to a case. */
export type CaseEvent =
  | 'start-collecting'
  | 'mark-ready'
  | 'submit'
  | 'accept'
  | 'refuse'
  | 'await-review'
  | 'archive'
  | 'cancel'
  | 'reopen';

/** The words for each event, for refusals and the history. */
export const caseEventLabels: Record<CaseEvent, string> = {
  'start-collecting': '开始收件',
  'mark-ready': '材料收齐',
  submit: '提交',
  accept: '平台受理',
  refuse: '平台退回',
  'await-review': '转人工核验',
  archive: '归档',
  cancel: '撤销',
  reopen: '退回后重新修改',
};

/**
 * The allowed transitions. Once submitted, only the platform's answer moves a case; a
 * refused case is reopened for a fix and a new attempt; only final answers are archived.
 */
const transitions: Record<CaseState, Partial<Record<CaseEvent, CaseState>>> = {
  draft: { 'start-collecting': 'collecting', cancel: 'cancelled' },
  collecting: { 'mark-ready': 'ready', cancel: 'cancelled' },
  ready: { submit: 'submitted', cancel: 'cancelled' },
  submitted: { accept: 'accepted', refuse: 'refused', 'await-review': 'manual-review' },
  'manual-review': { accept: 'accepted', refuse: 'refused' },
  refused: { reopen: 'collecting', cancel: 'cancelled', archive: 'archived' },
  accepted: { archive: 'archived' },
  archived: {},
  cancelled: {},
};

/** The state after an event, or null when the event is not allowed in that state. */
export function nextState(from: CaseState, event: CaseEvent): CaseState | null {
  return transitions[from][event] ?? null;
}

/** Why an event is refused in a state, in Chinese, or null when it is allowed. */
export function transitionProblem(from: CaseState, event: CaseEvent): string | null {
  if (nextState(from, event)) return null;
  return `办件当前为“${caseStateLabels[from]}”，不能执行“${caseEventLabels[event]}”。`;
}

/** States whose case is finished at this counter. */
export function isFinalState(state: CaseState): boolean {
  return Object.keys(transitions[state]).length === 0;
}
