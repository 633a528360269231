-- Up Migration
-- What an operator may see of their own survey scores: figures released per closed period (up to
-- the start of a shift) once enough new ratings are in, so that no single caller's rating can be
-- read from the difference between two releases. Supervisors see live figures; these are the
-- operator's frozen copies.
CREATE TABLE survey_score_releases (
  id            bigserial PRIMARY KEY,
  operator_id   bigint NOT NULL REFERENCES operators(id),
  cutoff_date   date NOT NULL,         -- responses of shifts before (cutoff_date, cutoff_shift)
  cutoff_shift  text NOT NULL,
  released_at   timestamptz NOT NULL,  -- and finished by then
  figures       jsonb NOT NULL,
  UNIQUE (operator_id, cutoff_date, cutoff_shift)
);

-- Down Migration
DROP TABLE survey_score_releases;
