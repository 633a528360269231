-- Up Migration
-- A request still open at its deadline gets an 'overdue' event (written by the deadline job), so
-- follow-up lists and the shift hand-over can show what the executive unit has not answered.
ALTER TABLE request_events DROP CONSTRAINT IF EXISTS request_events_kind_check;
ALTER TABLE request_events ADD CONSTRAINT request_events_kind_check CHECK (kind IN ('registered', 'referred', 'note',
  'followed-up', 'feedback', 'special-follow-up', 'closed', 'reporter-linked', 'overdue'));

-- Down Migration
DELETE FROM request_events WHERE kind = 'overdue';
ALTER TABLE request_events DROP CONSTRAINT IF EXISTS request_events_kind_check;
ALTER TABLE request_events ADD CONSTRAINT request_events_kind_check CHECK (kind IN ('registered', 'referred', 'note',
  'followed-up', 'feedback', 'special-follow-up', 'closed', 'reporter-linked'));
