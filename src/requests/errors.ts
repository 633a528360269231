import { AppError, notFound } from '../shared/index.ts';

// The requests domain's errors: stable codes the desk can translate, messages that say what to do.

export const unknownCategory = (id: number) =>
  new AppError(
    'UNKNOWN_CATEGORY',
    400,
    `Category ${id} does not exist or is no longer used; choose a category from the list`,
    { categoryId: id },
  );

export const categoryIsGroup = (id: number) =>
  new AppError('CATEGORY_IS_GROUP', 400, `Category ${id} is a group; choose one of its subcategories`, {
    categoryId: id,
  });

export const unknownNeighbourhood = (id: number) =>
  new AppError('UNKNOWN_NEIGHBOURHOOD', 400, `Neighbourhood ${id} does not exist; choose one from the list`, {
    neighbourhoodId: id,
  });

export const unknownDistrict = (id: number) =>
  new AppError('UNKNOWN_DISTRICT', 404, `District ${id} does not exist`, { districtId: id });

export const unknownCall = (id: string) =>
  new AppError('UNKNOWN_CALL', 400, `Call ${id} is not known; leave callId out and type the caller's number instead`, {
    callId: id,
  });

export const invalidPhone = (raw: string) =>
  new AppError(
    'INVALID_PHONE',
    400,
    'The phone number is not valid; type it as 09xx xxx xxxx or with the area code (e.g. 051 3xxx xxxx)',
    { phone: raw },
  );

export const invalidTrackingCode = (raw: string) =>
  new AppError(
    'INVALID_TRACKING_CODE',
    400,
    'The tracking code is not valid: it has 8 digits and its last digit is a check digit, so one digit is probably wrong; ask the citizen to read it again',
    { trackingCode: raw },
  );

export const reporterRequired = () =>
  new AppError('REPORTER_REQUIRED', 400, "Give the callId of the current call or the citizen's phone number");

export const unitRequired = () =>
  new AppError(
    'UNIT_REQUIRED',
    400,
    'This category has no executive unit; give "unitId" to say which unit the request is referred to',
  );

export const unknownUnit = (id: number) =>
  new AppError('UNKNOWN_UNIT', 400, `Unit ${id} does not exist; choose a unit from the list`, { unitId: id });

export const requestClosed = (trackingCode: string) =>
  new AppError('REQUEST_CLOSED', 409, `Request ${trackingCode} is closed; register a new request instead`, {
    trackingCode,
  });

export const requestNotFound = () => notFound('The request');

export const nameTaken = (what: string) =>
  new AppError('NAME_TAKEN', 409, `${what} with this Persian name already exists; choose another name`);

/** The desk's draft key was already used for a request with other content (edited after a lost answer). */
export const idempotencyKeyReused = (trackingCode: string | null) =>
  new AppError(
    'IDEMPOTENCY_KEY_REUSED',
    422,
    'This draft was already registered with other content (same Idempotency-Key); ' +
      'look the request up by its tracking code, or start a new draft to register another one',
    { trackingCode },
  );

/** Cannot happen after a commit; kept so a broken invariant answers clearly rather than with a 500. */
export const idempotencyKeyInUse = () =>
  new AppError(
    'IDEMPOTENCY_KEY_IN_USE',
    409,
    'A registration with this Idempotency-Key is still in progress; retry',
    {},
  );
