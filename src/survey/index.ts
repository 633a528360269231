// The survey's only public face: the IVR's writes (responses, answers, flags), the scores the
// wallboard and the web show, and install(core) for the routes.
export { install, type SurveyCore, type SurveyHandle } from './install.ts';
// The admin screens' view of a question version (routes in survey-admin-routes.ts).
export type { QuestionVersion } from './survey-admin-repository.ts';

// The IVR: questions in force, one response per call, durable answers, why a rating is suspect.
export { AnswerWriter, AnswerQueueFull, type AnswerWriterOptions } from './answer-writer.ts';
export {
  surveyFlags,
  SUSPECT_FLAGS,
  NOTE_FLAGS,
  RANKING_EXCLUDED_FLAGS,
  type SurveyCallFacts,
  type SurveyFlagInput,
} from './survey-flags.ts';
export {
  activeQuestions,
  openResponse,
  responseOfCall,
  finishResponse,
  type SurveyQuestion,
  type ResponseStatus,
} from './survey-repository.ts';

// Scores: the live board (supervisors, wallboard), operators' released figures, trends.
export { scoreBoard, operatorScores, bayesianAverage, assignRanks } from './survey-scores.ts';
export type {
  OperatorScore,
  ScoreBoard,
  ScorePeriod,
  ScoreQuery,
  QuestionMean,
  ReleasedFigures,
} from './score-types.ts';
export { releasedScores, type ReleaseDeps, type ReleasedScores } from './score-release.ts';
export { weekStart, weekStarts, type ScoreWeeks, type WeekPoint } from './score-weeks.ts';
export type { ScoreTrend, TrendPoint } from './survey-trend.ts';
export type { SurveyReach } from './survey-reach.ts';
