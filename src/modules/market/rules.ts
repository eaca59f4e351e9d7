/**
 * Pure rules of market regulation and supervision (SPEC §7 supervision ladder, dormancy).
 * No database here.
 */
import { addDays } from '../../shared/time';

export type SupervisedSubjectType = 'ENTERPRISE' | 'COOPERATIVE';
export type NonComplianceReason =
  | 'DUTY_NOT_FULFILLED' | 'CHANNEL_TRADE' | 'IRREGULAR_ACCOUNTING_OR_TAX' | 'OBSTRUCTING_SUPERVISION' | 'TARGETS_MISSED'
  | 'POOR_CREDIT' | 'DIVIDEND_NOT_ENSURED' | 'REFUSED_RECTIFICATION' | 'NO_BUSINESS_FOR_A_YEAR';
export type SupervisionMeasure = 'WRITTEN_WARNING' | 'SUSPENSION_AND_INTERVIEW' | 'EXIT' | 'SERIOUS_WARNING' | 'RECTIFIED';
export type SupervisedStatus = 'WARNED' | 'SUSPENDED' | 'EXITED';

/** 附件3 五 (1)–(5): reasons that exit an enterprise at once. */
const ENTERPRISE_DIRECT_EXIT: readonly NonComplianceReason[] = [
  'CHANNEL_TRADE', 'IRREGULAR_ACCOUNTING_OR_TAX', 'OBSTRUCTING_SUPERVISION', 'TARGETS_MISSED', 'POOR_CREDIT',
];
/** 附件4 四 (一)–(三): reasons that exit a cooperative at once. */
const COOPERATIVE_DIRECT_EXIT: readonly NonComplianceReason[] = ['CHANNEL_TRADE', 'NO_BUSINESS_FOR_A_YEAR', 'IRREGULAR_ACCOUNTING_OR_TAX'];

/** Which reasons apply to which subject type. */
export const APPLICABLE_REASONS: Record<SupervisedSubjectType, readonly NonComplianceReason[]> = {
  ENTERPRISE: ['DUTY_NOT_FULFILLED', ...ENTERPRISE_DIRECT_EXIT],
  COOPERATIVE: ['DIVIDEND_NOT_ENSURED', 'REFUSED_RECTIFICATION', ...COOPERATIVE_DIRECT_EXIT],
};

export const isReasonApplicable = (subjectType: SupervisedSubjectType, reason: NonComplianceReason) =>
  APPLICABLE_REASONS[subjectType].includes(reason);

/** The status a measure leaves the subject in ("status follows its latest action"). */
export const STATUS_AFTER: Record<Exclude<SupervisionMeasure, 'RECTIFIED'>, SupervisedStatus> = {
  WRITTEN_WARNING: 'WARNED',
  SERIOUS_WARNING: 'WARNED',
  SUSPENSION_AND_INTERVIEW: 'SUSPENDED',
  EXIT: 'EXITED',
};

export interface LadderDecision {
  action: SupervisionMeasure;
  status: SupervisedStatus;
  /** 附件4 四: a cooperative that refuses rectification also goes onto the dishonest list. */
  dishonestList: boolean;
  /** Whether the subject's contracts end on the decision date (suspension or exit). */
  endsContracts: boolean;
}

/**
 * The supervision ladder (SPEC §7; 附件3 四、五; 附件4 四). `priorDutyFailures` is how many
 * DUTY_NOT_FULFILLED actions the enterprise already has: the 1st gives a written warning, the 2nd
 * suspension and interview, the 3rd (and any later one) exit. Returns null when the reason does not
 * apply to the subject type.
 */
export function decideAction(subjectType: SupervisedSubjectType, reason: NonComplianceReason, priorDutyFailures: number): LadderDecision | null {
  if (!isReasonApplicable(subjectType, reason)) return null;
  let action: Exclude<SupervisionMeasure, 'RECTIFIED'>;
  if (subjectType === 'ENTERPRISE' && reason === 'DUTY_NOT_FULFILLED') {
    action = priorDutyFailures <= 0 ? 'WRITTEN_WARNING' : priorDutyFailures === 1 ? 'SUSPENSION_AND_INTERVIEW' : 'EXIT';
  } else if (subjectType === 'COOPERATIVE' && reason === 'DIVIDEND_NOT_ENSURED') {
    action = 'SERIOUS_WARNING';
  } else {
    action = 'EXIT';
  }
  const status = STATUS_AFTER[action];
  return {
    action,
    status,
    dishonestList: subjectType === 'COOPERATIVE' && reason === 'REFUSED_RECTIFICATION',
    endsContracts: status === 'SUSPENDED' || status === 'EXITED',
  };
}

/**
 * LADDER_ORDER (SPEC §14; 附件4 四 严重警告并责令整改，拒不整改的作退出处理): a refusal to rectify
 * answers a serious warning that is still open — the subject's latest SERIOUS_WARNING or RECTIFIED
 * action (whichever came last) must be a SERIOUS_WARNING. Every other reason is in order.
 */
export const isInLadderOrder = (reason: NonComplianceReason, lastWarningOrRectification: SupervisionMeasure | null) =>
  reason !== 'REFUSED_RECTIFICATION' || lastWarningOrRectification === 'SERIOUS_WARNING';

/** What recordRectification may do from a status (SPEC §14): WARNED or SUSPENDED return to FILED; an exit is final. */
export type RectificationCheck = 'OK' | 'EXIT_FINAL' | 'NOTHING_TO_RECTIFY';
export function rectificationFrom(status: string): RectificationCheck {
  if (status === 'WARNED' || status === 'SUSPENDED') return 'OK';
  return status === 'EXITED' ? 'EXIT_FINAL' : 'NOTHING_TO_RECTIFY';
}

/** Days of the dormancy window (SPEC §7: no declaration in the last 365 days). */
export const DORMANCY_DAYS = 365;

/**
 * The first Beijing date of the dormancy window ending today: the 365 dates today − 364 … today.
 * A cooperative is dormant when neither its approval nor any declaration falls on or after this day.
 */
export const dormancyWindowStart = (today: string) => addDays(today, -(DORMANCY_DAYS - 1));

/**
 * SPEC §14: dormancy counts 365 days from the later of the cooperative's approval (`enteredOn`, the
 * Beijing date of filedAt; the filing date while it is not approved) and its last declaration, so
 * a new cooperative is not dormant on its first day: approved on day 1, it turns dormant on day 366.
 */
export function isDormant(lastDeclaredOn: string | null, enteredOn: string | null, today: string): boolean {
  const start = dormancyWindowStart(today);
  return !(lastDeclaredOn != null && lastDeclaredOn >= start) && !(enteredOn != null && enteredOn >= start);
}
