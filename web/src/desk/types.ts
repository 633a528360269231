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
} from '../../../src/agent-desk/desk-events.ts';

// The server's own types, so the desk and the API cannot drift apart (type-only imports).
export type { Role, SessionUser as User } from '../../../src/auth/auth-types.ts';
export type { CategoryView as Category } from '../../../src/requests/request-types.ts';

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

export const PAUSE_REASONS = ['break', 'prayer', 'training', 'meeting', 'technical', 'other'] as const;
