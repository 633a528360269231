import type { ShiftCalendar } from '../calendar/index.ts';
import type { Db } from '../db/index.ts';
import type { Host } from '../shared/index.ts';
import { registerScoreWeeksRoute } from './score-weeks.ts';
import type { OperatorScore, ScorePeriod } from './score-types.ts';
import { registerSurveyAdminRoutes } from './survey-admin-routes.ts';
import { registerSurveyRoutes } from './survey-routes.ts';
import { operatorScores } from './survey-scores.ts';

/** What the survey needs from the app: its REST scope (no sockets), the database, the centre's shifts and the survey settings. */
export type SurveyCore = Pick<Host, 'api'> & {
  db: Db;
  calendar: ShiftCalendar;
  /** C of the Bayesian average (SURVEY_PRIOR_WEIGHT). */
  priorWeight: number;
  /** Fewest unflagged responses for a rank (SURVEY_MIN_RESPONSES). */
  minResponses: number;
  /** K: fewest new ratings an operator's released figures may move by (SURVEY_RELEASE_MIN_RATINGS). */
  releaseMinRatings: number;
  /** Uploaded prompts: <soundsDir>/<lang>/cti137-custom/<name>.wav, shared with Asterisk. */
  soundsDir: string;
};

/** What others take from the survey: the live per-operator scores, ranked with the centre's settings. */
export interface SurveyHandle {
  priorWeight: number;
  minResponses: number;
  operatorScores(period: ScorePeriod): Promise<OperatorScore[]>;
}

/** Registers the score routes (operators' released figures, supervisors' live board, trend, weeks) and the admin routes. */
export function install(core: SurveyCore): SurveyHandle {
  const { db, calendar, priorWeight, minResponses } = core;
  core.api((api) => {
    registerSurveyRoutes(api, { db, calendar, priorWeight, minResponses, releaseMinRatings: core.releaseMinRatings });
    registerScoreWeeksRoute(api, { db, calendar });
    registerSurveyAdminRoutes(api, { db, soundsDir: core.soundsDir });
  });
  return {
    priorWeight,
    minResponses,
    operatorScores: (period) => operatorScores(db, { ...period, priorWeight, minResponses }),
  };
}
