// Shapes of the REST answers the desk reads (see the server contract), plus the shared socket types.
export type {
  ScreenPop,
  PastCall,
  PastEvent,
  PastRequest,
  DeskSnapshot,
  OperatorStateChanged,
  OperatorState,
  PauseReason,
  CallAnswered,
  CallEnded,
  DeskServerEvents,
  DeskClientEvents,
  Ack,
  CallbackOffer,
  CallbackWithdrawn,
  TriageItem,
  TriageOffer,
  TriageWithdrawn,
} from '../lib/server-types.ts';

export type { Role, SessionUser as User, CategoryView as Category } from '../lib/server-types.ts';

export interface Neighbourhood {
  id: string;
  nameFa: string;
  nameEn: string;
}

export interface District extends Neighbourhood {
  neighbourhoods: Neighbourhood[];
}

export interface AnswerTemplate {
  id: string;
  textFa: string;
  textEn: string;
  /** 1-9 (the server sends a number; older data may say "Alt+3"). */
  hotkey: number | string | null;
}

export interface OperatorScores {
  responses: number;
  meanScore: number | null;
  ranked: boolean;
}
